// @bffkit/client against the real demo server: merging, streaming, dedup, cache,
// per-call errors, opt-outs and the batch limit, with requests counted by the server.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';

import { executions, loadClient, startDemo, totalExecutions } from './helpers/demo.js';

const { createClient, BffError } = await loadClient();
let demo;

before(async () => {
  demo = await startDemo();
});
after(async () => {
  await demo?.stop();
});
beforeEach(async () => {
  await demo.resetCounts();
});

const hello = (name) => ({ method: 'GET', path: '/api/hello', query: { name } });
const slow = (ms) => ({ method: 'GET', path: '/api/debug/slow', query: { ms } });
const fail = { method: 'GET', path: '/api/debug/fail' };

/** A client whose fetch records every HTTP request it makes. */
function recordingClient(options = {}) {
  const requests = [];
  const client = createClient({
    baseUrl: demo.base,
    ...options,
    fetch: async (url, init) => {
      const res = await fetch(url, init);
      requests.push({ url: new URL(url).pathname, method: init.method, accept: init.headers.accept, contentType: res.headers.get('content-type') });
      return res;
    },
  });
  return { client, requests };
}

test('three calls in one tick are one HTTP request', async () => {
  const client = createClient({ baseUrl: demo.base });
  const [a, b, list] = await Promise.all([
    client.call(hello('a')),
    client.call(hello('b')),
    client.call({ method: 'GET', path: '/api/user/list', query: { page: 1 } }),
  ]);
  assert.deepEqual(a, { message: 'Hello a!' });
  assert.deepEqual(b, { message: 'Hello b!' });
  assert.deepEqual(list.users, ['user0', 'user1', 'user2']);
  assert.deepEqual(await demo.counts(), {
    http: { '/api/_batch': 1 },
    batched: { '/api/hello': 2, '/api/user/list': 1 },
  });
});

test('four calls with two identical GETs execute three handlers', async () => {
  const client = createClient({ baseUrl: demo.base });
  const results = await Promise.all([
    client.call(hello('same')),
    client.call(hello('same')),
    client.call(hello('other')),
    client.call({ method: 'GET', path: '/api/user/ann/info' }),
  ]);
  assert.deepEqual(results.map((r) => r.message ?? r.greeting), ['Hello same!', 'Hello same!', 'Hello other!', 'Hello ann!']);
  const counts = await demo.counts();
  assert.equal(totalExecutions(counts), 3);
  assert.equal(executions(counts, '/api/hello'), 2);
  assert.deepEqual(counts.http, { '/api/_batch': 1 });
});

test('identical mutations are never deduplicated', async () => {
  const client = createClient({ baseUrl: demo.base });
  const post = { method: 'POST', path: '/api/echo', data: { n: 1 } };
  assert.deepEqual(await Promise.all([client.call(post), client.call(post)]), [{ n: 1 }, { n: 1 }]);
  assert.equal(executions(await demo.counts(), '/api/echo'), 2);
});

test('the fast caller resolves before the slow one finishes', async () => {
  const client = createClient({ baseUrl: demo.base });
  const started = Date.now();
  let slowDone = false;
  const slowCall = client.call(slow(1000)).then((v) => {
    slowDone = true;
    return v;
  });
  const fast = await client.call(hello('fast'));
  const fastAfter = Date.now() - started;
  assert.deepEqual(fast, { message: 'Hello fast!' });
  assert.equal(slowDone, false, 'the slow call was still running when the fast one resolved');
  assert.ok(fastAfter < 800, `fast call resolved after ${fastAfter} ms`);
  assert.deepEqual(await slowCall, { slept_ms: 1000 });
  assert.ok(Date.now() - started >= 1000);
  assert.deepEqual((await demo.counts()).http, { '/api/_batch': 1 });
});

test('a thrown server error is caught per call while the others succeed', async () => {
  const client = createClient({ baseUrl: demo.base });
  const ok = client.call(hello('still fine'));
  const invalid = client.call({ method: 'POST', path: '/api/hello', data: { name: 7 } });
  const panicked = client.call({ method: 'GET', path: '/api/debug/panic' });
  try {
    await client.call(fail);
    assert.fail('the call should have thrown');
  } catch (e) {
    assert.ok(e instanceof BffError);
    assert.equal(e.status, 409);
    assert.equal(e.code, 20008);
    assert.equal(e.message, 'this handler always fails');
    assert.deepEqual(e.data, { reason: 'demo' });
  }
  assert.deepEqual(await ok, { message: 'Hello still fine!' });
  await assert.rejects(invalid, { name: 'BffError', status: 400, code: 20000, message: 'data.name: invalid type: integer `7`, expected a string' });
  await assert.rejects(panicked, { name: 'BffError', status: 500, code: 40000 });
  assert.deepEqual((await demo.counts()).http, { '/api/_batch': 1 });
});

test('batch: false sends each call as its own request', async () => {
  const client = createClient({ baseUrl: demo.base });
  const results = await Promise.all([
    client.call(hello('a'), { batch: false }),
    client.call(hello('b'), { batch: false }),
    client.call({ method: 'GET', path: '/api/user/ann/info' }, { batch: false }),
  ]);
  assert.equal(results[1].message, 'Hello b!');
  assert.deepEqual(await demo.counts(), {
    http: { '/api/hello': 2, '/api/user/ann/info': 1 },
    batched: {},
  });
  await assert.rejects(client.call(fail, { batch: false }), { name: 'BffError', status: 409, code: 20008 });
});

test('stream: false calls go in a separate, non-streaming batch', async () => {
  const { client, requests } = recordingClient();
  const results = await Promise.all([
    client.call(hello('s1')),
    client.call(hello('s2')),
    client.call(hello('p1'), { stream: false }),
    client.call(hello('p2'), { stream: false }),
  ]);
  assert.deepEqual(results.map((r) => r.message), ['Hello s1!', 'Hello s2!', 'Hello p1!', 'Hello p2!']);
  const batches = requests.filter((r) => r.url === '/api/_batch');
  assert.equal(batches.length, 2);
  const accepts = batches.map((r) => `${r.accept} -> ${r.contentType}`).sort();
  assert.deepEqual(accepts, ['application/json -> application/json', 'application/x-ndjson -> application/x-ndjson']);
  assert.deepEqual(await demo.counts(), { http: { '/api/_batch': 2 }, batched: { '/api/hello': 4 } });
});

test('cache: false opts out of dedup and of the result cache', async () => {
  const client = createClient({ baseUrl: demo.base, cacheTtlMs: 60_000 });
  await Promise.all([client.call(hello('c')), client.call(hello('c'))]);
  assert.equal(executions(await demo.counts(), '/api/hello'), 1, 'deduplicated');
  assert.deepEqual(await client.call(hello('c')), { message: 'Hello c!' });
  assert.equal(executions(await demo.counts(), '/api/hello'), 1, 'served from the cache');
  await Promise.all([client.call(hello('c'), { cache: false }), client.call(hello('c'), { cache: false })]);
  assert.equal(executions(await demo.counts(), '/api/hello'), 3, 'cache: false runs every call');
});

test('cached results expire after the TTL', async () => {
  const client = createClient({ baseUrl: demo.base, cacheTtlMs: 200 });
  await client.call(hello('ttl'));
  await client.call(hello('ttl'));
  assert.equal(executions(await demo.counts(), '/api/hello'), 1);
  await new Promise((r) => setTimeout(r, 300));
  await client.call(hello('ttl'));
  assert.equal(executions(await demo.counts(), '/api/hello'), 2);
});

test('default headers reach every call of a batch', async () => {
  const client = createClient({ baseUrl: demo.base, headers: async () => ({ authorization: 'Bearer t0k3n' }) });
  const headers = { method: 'GET', path: '/api/debug/headers' };
  const seen = await Promise.all([client.call(headers), client.call(headers, { cache: false })]);
  for (const h of seen) assert.equal(h.authorization, 'Bearer t0k3n');
  assert.deepEqual((await demo.counts()).http, { '/api/_batch': 1 });
});

test('the server rejects a batch over its limit with 413', async () => {
  const client = createClient({ baseUrl: demo.base, maxBatchSize: 100 });
  const calls = Array.from({ length: 51 }, (_, i) => client.call(hello(`n${i}`)));
  const settled = await Promise.allSettled(calls);
  assert.equal(settled.length, 51);
  for (const s of settled) {
    assert.equal(s.status, 'rejected');
    assert.ok(s.reason instanceof BffError);
    assert.equal(s.reason.status, 413);
    assert.equal(s.reason.code, 20009);
    assert.equal(s.reason.message, 'batch has 51 calls; the limit is 50');
  }
  assert.deepEqual(await demo.counts(), { http: { '/api/_batch': 1 }, batched: {} });

  const fifty = await Promise.all(Array.from({ length: 50 }, (_, i) => client.call(hello(`m${i}`))));
  assert.equal(fifty[49].message, 'Hello m49!');
  assert.deepEqual((await demo.counts()).http, { '/api/_batch': 2 });
});

test('with the default maxBatchSize the client splits instead', async () => {
  const client = createClient({ baseUrl: demo.base });
  const results = await Promise.all(Array.from({ length: 51 }, (_, i) => client.call(hello(`k${i}`))));
  assert.equal(results.length, 51);
  // 50 in one batch, and the lone 51st as a direct request.
  assert.deepEqual(await demo.counts(), { http: { '/api/_batch': 1, '/api/hello': 1 }, batched: { '/api/hello': 50 } });
});
