import test from 'node:test';
import assert from 'node:assert/strict';
import { createClient, BffError } from '../dist/index.js';
import { startServer, echoRoute } from './helpers/server.js';

async function withServer(route, opts, fn) {
  const srv = await startServer(route, opts);
  try {
    await fn(srv);
  } finally {
    await srv.close();
  }
}

const get = (path, query) => ({ method: 'GET', path, query });

test('3 calls in one tick -> exactly 1 streaming batch request, wire format as specified', () =>
  withServer(echoRoute, {}, async (srv) => {
    const c = createClient({ baseUrl: srv.baseUrl });
    const [a, b, d] = await Promise.all([
      c.call(get('/api/hello', { page: 1, tags: ['x', 2], skip: undefined, on: true })),
      c.call({ method: 'post', path: '/api/items', data: { name: 'n' } }),
      c.call(get('/api/other')),
    ]);
    assert.equal(srv.requests.length, 1);
    const req = srv.requests[0];
    assert.equal(req.path, '/api/_batch');
    assert.equal(req.method, 'POST');
    assert.equal(req.headers['content-type'], 'application/json');
    assert.equal(req.headers.accept, 'application/x-ndjson');
    assert.deepEqual(JSON.parse(req.body), {
      calls: [
        { method: 'GET', path: '/api/hello', query: { page: '1', tags: ['x', '2'], on: 'true' } },
        { method: 'POST', path: '/api/items', body: { name: 'n' } },
        { method: 'GET', path: '/api/other' },
      ],
    });
    assert.deepEqual(a, { method: 'GET', path: '/api/hello', query: { page: '1', tags: ['x', '2'], on: 'true' } });
    assert.deepEqual(b, { method: 'POST', path: '/api/items', query: {}, body: { name: 'n' } });
    assert.equal(d.path, '/api/other');
  }));

test('a flush with one call is sent as a direct request', () =>
  withServer(echoRoute, {}, async (srv) => {
    const c = createClient({ baseUrl: srv.baseUrl });
    const r = await c.call(get('/api/one', { a: 'b' }));
    assert.equal(r.path, '/api/one');
    assert.equal(srv.requests.length, 1);
    assert.equal(srv.requests[0].url, '/api/one?a=b');
  }));

test('mergeWindowMs collects calls made across ticks', () =>
  withServer(echoRoute, {}, async (srv) => {
    const c = createClient({ baseUrl: srv.baseUrl, mergeWindowMs: 40 });
    const p1 = c.call(get('/api/a'));
    await new Promise((r) => setTimeout(r, 10));
    const p2 = c.call(get('/api/b'));
    await Promise.all([p1, p2]);
    assert.equal(srv.requests.length, 1);
    assert.equal(srv.batches[0].calls.length, 2);
  }));

test('streaming: the fast call settles as soon as its line arrives, before the slow one', () =>
  withServer(echoRoute, {}, async (srv) => {
    const c = createClient({ baseUrl: srv.baseUrl });
    const t0 = Date.now();
    let tSlow, tFast;
    await Promise.all([
      c.call(get('/api/slow', { ms: 300 })).then(() => (tSlow = Date.now() - t0)),
      c.call(get('/api/fast')).then(() => (tFast = Date.now() - t0)),
    ]);
    assert.equal(srv.requests.length, 1);
    assert.ok(tFast < tSlow, `fast ${tFast}ms should beat slow ${tSlow}ms`);
    assert.ok(tFast < 200, `fast took ${tFast}ms`);
    assert.ok(tSlow >= 290, `slow took ${tSlow}ms`);
  }));

test('an error call rejects with BffError(status, code, msg, data); the others resolve', () =>
  withServer(echoRoute, {}, async (srv) => {
    const c = createClient({ baseUrl: srv.baseUrl });
    const results = await Promise.allSettled([
      c.call(get('/api/ok1')),
      c.call(get('/api/fail', { status: 404, code: 4004, msg: 'no such user' })),
      c.call(get('/api/ok2')),
    ]);
    assert.equal(srv.requests.length, 1);
    assert.equal(results[0].status, 'fulfilled');
    assert.equal(results[2].status, 'fulfilled');
    const err = results[1].reason;
    assert.ok(err instanceof BffError);
    assert.ok(err instanceof Error);
    assert.equal(err.name, 'BffError');
    assert.equal(err.status, 404);
    assert.equal(err.code, 4004);
    assert.equal(err.message, 'no such user');
    assert.deepEqual(err.data, { reason: 'because' });
  }));

test('stream: false -> accept application/json, JSON array response, separate from streamed calls', () =>
  withServer(echoRoute, {}, async (srv) => {
    const c = createClient({ baseUrl: srv.baseUrl });
    const rs = await Promise.all([
      c.call(get('/api/s1')),
      c.call(get('/api/s2')),
      c.call(get('/api/j1'), { stream: false }),
      c.call(get('/api/fail', { status: 422, code: 7 }), { stream: false }),
    ].map((p) => p.then((v) => v, (e) => e)));
    assert.equal(srv.requests.length, 2);
    const byAccept = Object.fromEntries(srv.requests.map((r) => [r.headers.accept, JSON.parse(r.body).calls.map((x) => x.path)]));
    assert.deepEqual(byAccept['application/x-ndjson'], ['/api/s1', '/api/s2']);
    assert.deepEqual(byAccept['application/json'], ['/api/j1', '/api/fail']);
    assert.equal(rs[2].path, '/api/j1');
    assert.ok(rs[3] instanceof BffError);
    assert.equal(rs[3].status, 422);
    assert.equal(rs[3].code, 7);
  }));

test('client option stream: false makes every batch non-streaming', () =>
  withServer(echoRoute, {}, async (srv) => {
    const c = createClient({ baseUrl: srv.baseUrl, stream: false });
    await Promise.all([c.call(get('/api/a')), c.call(get('/api/b'))]);
    assert.equal(srv.requests.length, 1);
    assert.equal(srv.requests[0].headers.accept, 'application/json');
  }));

test('batch: false (per call and per client) -> direct requests', () =>
  withServer(echoRoute, {}, async (srv) => {
    const c = createClient({ baseUrl: srv.baseUrl });
    await Promise.all([c.call(get('/api/a'), { batch: false }), c.call(get('/api/b'), { batch: false }), c.call(get('/api/c'), { batch: false })]);
    assert.deepEqual(srv.requests.map((r) => r.path).sort(), ['/api/a', '/api/b', '/api/c']);
    const c2 = createClient({ baseUrl: srv.baseUrl, batch: false });
    await Promise.all([c2.call(get('/api/d')), c2.call(get('/api/e'))]);
    assert.equal(srv.requests.length, 5);
    assert.ok(srv.requests.every((r) => r.path !== '/api/_batch'));
  }));

test('text/form bodies and per-call headers are never batched', () =>
  withServer(echoRoute, {}, async (srv) => {
    const c = createClient({ baseUrl: srv.baseUrl });
    const fd = new FormData();
    fd.append('f', 'v');
    await Promise.all([
      c.call(get('/api/x1')),
      c.call(get('/api/x2')),
      c.call({ method: 'POST', path: '/api/text', body: 'hi' }),
      c.call({ method: 'POST', path: '/api/form', formData: fd }),
      c.call({ method: 'POST', path: '/api/urlenc', formUrlencoded: { a: '1' } }),
      c.call({ method: 'GET', path: '/api/hdr', headers: { 'x-trace': '1' } }),
    ]);
    const paths = srv.requests.map((r) => r.path).sort();
    assert.deepEqual(paths, ['/api/_batch', '/api/form', '/api/hdr', '/api/text', '/api/urlenc']);
    assert.deepEqual(srv.batches[0].calls.map((x) => x.path), ['/api/x1', '/api/x2']);
  }));

test('maxBatchSize splits a flush: 120 calls, max 50 -> 3 batch requests', () =>
  withServer(echoRoute, {}, async (srv) => {
    const c = createClient({ baseUrl: srv.baseUrl, maxBatchSize: 50 });
    const rs = await Promise.all(Array.from({ length: 120 }, (_, i) => c.call(get('/api/n', { i }))));
    assert.deepEqual(rs.map((r) => r.query.i), Array.from({ length: 120 }, (_, i) => String(i)));
    assert.equal(srv.requests.length, 3);
    assert.deepEqual(srv.batches.map((b) => b.calls.length), [50, 50, 20]);
    assert.equal(srv.executions.length, 120);
  }));

test('default maxBatchSize is 50', () =>
  withServer(echoRoute, {}, async (srv) => {
    const c = createClient({ baseUrl: srv.baseUrl });
    await Promise.all(Array.from({ length: 51 }, (_, i) => c.call(get('/api/n', { i }))));
    assert.equal(srv.requests.length, 2); // 50 batched + 1 direct
  }));

test('batch request failure (413) rejects every call in it with that error', () =>
  withServer(echoRoute, { maxCalls: 2 }, async (srv) => {
    const c = createClient({ baseUrl: srv.baseUrl });
    const rs = await Promise.allSettled([c.call(get('/api/a')), c.call(get('/api/b')), c.call(get('/api/c'))]);
    for (const r of rs) {
      assert.equal(r.status, 'rejected');
      assert.ok(r.reason instanceof BffError);
      assert.equal(r.reason.status, 413);
      assert.equal(r.reason.code, 41300);
      assert.equal(r.reason.message, 'too many calls');
      assert.deepEqual(r.reason.data, { max: 2 });
    }
  }));

test('network failure of the batch rejects every call with BffError status 0', async () => {
  const srv = await startServer(echoRoute);
  const baseUrl = srv.baseUrl;
  await srv.close();
  const c = createClient({ baseUrl });
  const rs = await Promise.allSettled([c.call(get('/api/a')), c.call(get('/api/b'))]);
  for (const r of rs) {
    assert.ok(r.reason instanceof BffError);
    assert.equal(r.reason.status, 0);
    assert.equal(r.reason.code, 0);
  }
});

test('a stream that ends early rejects the missing calls; the others resolve', () =>
  withServer(echoRoute, { endStreamAfterMs: 100 }, async (srv) => {
    const c = createClient({ baseUrl: srv.baseUrl });
    const rs = await Promise.allSettled([c.call(get('/api/a')), c.call(get('/api/hang')), c.call(get('/api/b'))]);
    assert.equal(rs[0].status, 'fulfilled');
    assert.equal(rs[2].status, 'fulfilled');
    const err = rs[1].reason;
    assert.ok(err instanceof BffError);
    assert.equal(err.status, 0);
    assert.equal(err.code, 0);
    assert.match(err.message, /batch stream ended early/);
  }));

test('headers (async fn) and interceptor apply to the batch request', () =>
  withServer(echoRoute, {}, async (srv) => {
    const seen = [];
    const c = createClient({
      baseUrl: srv.baseUrl,
      headers: async () => ({ 'X-App': 'demo' }),
      interceptor: async (req) => {
        seen.push(req.url);
        req.init.headers = { ...req.init.headers, authorization: 'Bearer t0k' };
        return req;
      },
    });
    await Promise.all([c.call(get('/api/a')), c.call(get('/api/b'))]);
    assert.deepEqual(seen, [srv.baseUrl + '/api/_batch']);
    const h = srv.requests[0].headers;
    assert.equal(h['x-app'], 'demo');
    assert.equal(h.authorization, 'Bearer t0k');
    assert.equal(h['content-type'], 'application/json');
  }));

test('custom batchPath', () =>
  withServer(echoRoute, { batchPath: '/bff/batch' }, async (srv) => {
    const c = createClient({ baseUrl: srv.baseUrl, batchPath: '/bff/batch' });
    await Promise.all([c.call(get('/api/a')), c.call(get('/api/b'))]);
    assert.deepEqual(srv.requests.map((r) => r.path), ['/bff/batch']);
  }));

test('aborting a batched call rejects only that caller with AbortError', () =>
  withServer(echoRoute, {}, async (srv) => {
    const c = createClient({ baseUrl: srv.baseUrl });
    const ac = new AbortController();
    const pSlow = c.call(get('/api/slow', { ms: 200 }), { signal: ac.signal });
    const pOther = c.call(get('/api/slow', { ms: 100 }));
    setTimeout(() => ac.abort(), 30);
    await assert.rejects(pSlow, (e) => e.name === 'AbortError');
    assert.equal((await pOther).slow, true);
    assert.equal(srv.requests.length, 1);
  }));

test('a call with an already-aborted signal rejects without any request', () =>
  withServer(echoRoute, {}, async (srv) => {
    const c = createClient({ baseUrl: srv.baseUrl });
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(c.call(get('/api/a'), { signal: ac.signal }), (e) => e.name === 'AbortError');
    assert.equal(srv.requests.length, 0);
  }));

test('custom fetch: NDJSON body delivered in awkward chunks, out of order', async () => {
  const payload = [
    { index: 2, status: 200, body: { v: 'zwei ✓' } },
    { index: 0, status: 200, body: { v: 'null' } },
    { index: 1, status: 500, body: { code: 9, msg: 'boom' } },
  ]
    .map((l) => JSON.stringify(l))
    .join('\n'); // no trailing newline
  const bytes = new TextEncoder().encode(payload);
  let sentBody;
  const fakeFetch = async (url, init) => {
    sentBody = JSON.parse(init.body);
    assert.equal(url, 'https://bff.test/api/_batch');
    let pos = 0;
    const stream = new ReadableStream({
      pull(ctrl) {
        if (pos >= bytes.length) return ctrl.close();
        const n = 1 + (pos % 7);
        ctrl.enqueue(bytes.slice(pos, pos + n));
        pos += n;
      },
    });
    return new Response(stream, { status: 200, headers: { 'content-type': 'application/x-ndjson' } });
  };
  const c = createClient({ baseUrl: 'https://bff.test', fetch: fakeFetch });
  const rs = await Promise.allSettled([c.call(get('/api/0')), c.call(get('/api/1')), c.call(get('/api/2'))]);
  assert.equal(sentBody.calls.length, 3);
  assert.deepEqual(rs[0].value, { v: 'null' });
  assert.equal(rs[1].reason.code, 9);
  assert.equal(rs[1].reason.status, 500);
  assert.deepEqual(rs[2].value, { v: 'zwei ✓' });
});

test('malformed batch (400) from the server rejects all calls with its error', async () => {
  const fakeFetch = async () =>
    new Response(JSON.stringify({ code: 40000, msg: 'malformed batch' }), { status: 400, headers: { 'content-type': 'application/json' } });
  const c = createClient({ fetch: fakeFetch });
  const rs = await Promise.allSettled([c.call(get('/api/a')), c.call(get('/api/b'))]);
  for (const r of rs) {
    assert.equal(r.reason.status, 400);
    assert.equal(r.reason.code, 40000);
    assert.equal(r.reason.message, 'malformed batch');
  }
});

test('timeoutMs rejects a slow call with a BffError (status 0) and leaves the others in its batch', () =>
  withServer(echoRoute, {}, async (srv) => {
    const c = createClient({ baseUrl: srv.baseUrl });
    const slow = c.call(get('/api/slow', { ms: 400 }), { timeoutMs: 50 });
    const other = c.call(get('/api/slow', { ms: 100 }));
    await assert.rejects(slow, (e) => e instanceof BffError && e.status === 0 && /timed out after 50 ms/.test(e.message));
    assert.equal((await other).slow, true);
    // The client-wide default, on a direct call: its request is aborted.
    const d = createClient({ baseUrl: srv.baseUrl, timeoutMs: 50, batch: false });
    await assert.rejects(d.call(get('/api/slow', { ms: 400 })), /timed out after 50 ms/);
  }));
