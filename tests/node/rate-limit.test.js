// @bffkit/client against the demo with GET /api/hello limited to one request a second:
// a 429 rejects with `retryAfter` from the server, and `retryOnRateLimit` waits that long
// once and tries again (idempotent calls only), directly and in a batch.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { loadClient, startDemo } from './helpers/demo.js';

const { createClient, BffError } = await loadClient();
let demo;

before(async () => {
  const config = path.join(mkdtempSync(path.join(tmpdir(), 'bffkit-rate-')), 'rate.toml');
  writeFileSync(config, '[rate_limit.routes.hello]\npath = "/api/hello"\nrequests = 1\nperiod_secs = 1\n');
  demo = await startDemo({ BFFKIT_CONFIG: config });
});
after(async () => {
  await demo?.stop();
});

const hello = (name) => ({ method: 'GET', path: '/api/hello', query: { name } });

/** Spends the second's one request (waiting for it if an earlier test took it), so the
 * next call is refused. */
async function spend() {
  const client = createClient({ baseUrl: demo.base, batch: false, retryOnRateLimit: true });
  await client.call(hello('first'), { cache: false });
}

for (const batch of [false, true]) {
  test(`a 429 rejects with the server's Retry-After (batch: ${batch})`, async () => {
    const client = createClient({ baseUrl: demo.base, batch });
    await spend();
    await assert.rejects(client.call(hello('second'), { cache: false }), (e) => {
      assert.ok(e instanceof BffError);
      assert.equal(e.status, 429);
      assert.equal(e.code, 20011);
      assert.equal(e.retryAfter, 1);
      return true;
    });
  });

  test(`retryOnRateLimit waits Retry-After once and succeeds (batch: ${batch})`, async () => {
    const paths = [];
    const client = createClient({
      baseUrl: demo.base,
      batch,
      retryOnRateLimit: true,
      fetch: (url, init) => {
        paths.push(new URL(url).pathname);
        return fetch(url, init);
      },
    });
    await spend();
    const started = Date.now();
    // Batched (with a second, unlimited call, so the batch is sent), the 429 has no headers
    // of its own: the wait comes from its body. The retry goes alone, so directly.
    const calls = [client.call(hello('again'), { cache: false })];
    if (batch) calls.push(client.call({ method: 'GET', path: '/api/user/list', query: { page: 1 } }));
    const [again] = await Promise.all(calls);
    assert.deepEqual(again, { message: 'Hello again!' });
    assert.deepEqual(paths, [batch ? '/api/_batch' : '/api/hello', '/api/hello'], 'refused once, then admitted');
    assert.ok(Date.now() - started >= 900, 'waited the second the server asked for');
  });
}

test('retryOnRateLimit does not repeat a POST, and gives up past maxWaitMs', async () => {
  const client = createClient({ baseUrl: demo.base, batch: false, retryOnRateLimit: { maxWaitMs: 10 } });
  await spend();
  await assert.rejects(client.call(hello('too long'), { cache: false }), (e) => e.status === 429 && e.retryAfter === 1);
  const retrying = createClient({ baseUrl: demo.base, batch: false, retryOnRateLimit: true });
  await spend();
  const post = { method: 'POST', path: '/api/hello', data: { name: 'p' } };
  await assert.rejects(retrying.call(post), (e) => e.status === 429);
});
