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
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('4 calls with 2 identical GETs -> 3 executions, identical callers share the result', () =>
  withServer(echoRoute, {}, async (srv) => {
    const c = createClient({ baseUrl: srv.baseUrl });
    const [a, b, x, y] = await Promise.all([
      c.call(get('/api/user', { id: 1, page: 2 })),
      c.call(get('/api/user', { page: '2', id: '1' })), // same query, other key order and types
      c.call(get('/api/user', { id: 2 })),
      c.call(get('/api/other')),
    ]);
    assert.equal(srv.requests.length, 1);
    assert.equal(srv.batches[0].calls.length, 3);
    assert.equal(srv.executions.length, 3);
    assert.deepEqual(a, b);
    assert.equal(x.query.id, '2');
    assert.equal(y.path, '/api/other');
  }));

test('dedup also covers calls in different flushes while the first is in flight', () =>
  withServer(echoRoute, {}, async (srv) => {
    const c = createClient({ baseUrl: srv.baseUrl });
    const p1 = c.call(get('/api/slow', { ms: 150 }));
    await sleep(30);
    const p2 = c.call(get('/api/slow', { ms: 150 }));
    assert.deepEqual(await p1, await p2);
    assert.equal(srv.executions.length, 1);
    // Settled: a new call executes again (no cache configured).
    await c.call(get('/api/slow', { ms: 1 }));
    await c.call(get('/api/slow', { ms: 1 }));
    assert.equal(srv.executions.length, 3);
  }));

test('mutations are never deduplicated', () =>
  withServer(echoRoute, {}, async (srv) => {
    const c = createClient({ baseUrl: srv.baseUrl, cacheTtlMs: 10_000 });
    const input = { method: 'POST', path: '/api/like', data: { id: 1 } };
    await Promise.all([c.call(input), c.call(input), c.call({ ...input, method: 'DELETE' }), c.call({ ...input, method: 'DELETE' })]);
    assert.equal(srv.executions.length, 4);
    await c.call(input);
    assert.equal(srv.executions.length, 5);
  }));

test('cache: false opts out of dedup', () =>
  withServer(echoRoute, {}, async (srv) => {
    const c = createClient({ baseUrl: srv.baseUrl });
    await Promise.all([c.call(get('/api/a')), c.call(get('/api/a'), { cache: false }), c.call(get('/api/a'), { cache: false })]);
    assert.equal(srv.requests.length, 1);
    assert.equal(srv.executions.length, 3);
  }));

test('different per-call headers are different calls for dedup', () =>
  withServer(echoRoute, {}, async (srv) => {
    const c = createClient({ baseUrl: srv.baseUrl });
    await Promise.all([
      c.call({ ...get('/api/a'), headers: { 'x-v': '1' } }),
      c.call({ ...get('/api/a'), headers: { 'X-V': '1' } }),
      c.call({ ...get('/api/a'), headers: { 'x-v': '2' } }),
    ]);
    assert.equal(srv.executions.length, 2);
  }));

test('TTL cache: hit without a request, then expiry refetches', () =>
  withServer(echoRoute, {}, async (srv) => {
    const c = createClient({ baseUrl: srv.baseUrl, cacheTtlMs: 150 });
    const first = await c.call(get('/api/a', { q: 1 }));
    assert.equal(srv.requests.length, 1);
    const second = await c.call(get('/api/a', { q: 1 }));
    assert.deepEqual(second, first);
    assert.equal(srv.requests.length, 1);
    await c.call(get('/api/a', { q: 2 }));
    assert.equal(srv.requests.length, 2);
    await c.call(get('/api/a', { q: 1 }), { cache: false });
    assert.equal(srv.requests.length, 3);
    await sleep(200);
    await c.call(get('/api/a', { q: 1 }));
    assert.equal(srv.requests.length, 4);
  }));

test('no cacheTtlMs -> no result cache', () =>
  withServer(echoRoute, {}, async (srv) => {
    const c = createClient({ baseUrl: srv.baseUrl });
    await c.call(get('/api/a'));
    await c.call(get('/api/a'));
    assert.equal(srv.requests.length, 2);
  }));

test('errors are never cached', () =>
  withServer(echoRoute, {}, async (srv) => {
    const c = createClient({ baseUrl: srv.baseUrl, cacheTtlMs: 10_000 });
    await assert.rejects(c.call(get('/api/fail')), BffError);
    await assert.rejects(c.call(get('/api/fail')), BffError);
    assert.equal(srv.requests.length, 2);
  }));

test('clearCache empties the cache', () =>
  withServer(echoRoute, {}, async (srv) => {
    const c = createClient({ baseUrl: srv.baseUrl, cacheTtlMs: 10_000 });
    await c.call(get('/api/a'));
    await c.call(get('/api/a'));
    assert.equal(srv.requests.length, 1);
    c.clearCache();
    await c.call(get('/api/a'));
    assert.equal(srv.requests.length, 2);
  }));

test('a result in flight during clearCache does not refill the cache', () =>
  withServer(echoRoute, {}, async (srv) => {
    const c = createClient({ baseUrl: srv.baseUrl, cacheTtlMs: 10_000 });
    const p = c.call(get('/api/slow', { ms: 80 }));
    await sleep(10);
    c.clearCache();
    await p;
    await c.call(get('/api/slow', { ms: 80 }));
    assert.equal(srv.executions.length, 2);
  }));

test('aborting one of two deduplicated callers leaves the other one served', () =>
  withServer(echoRoute, {}, async (srv) => {
    const c = createClient({ baseUrl: srv.baseUrl });
    const ac = new AbortController();
    const p1 = c.call(get('/api/slow', { ms: 100 }), { signal: ac.signal });
    const p2 = c.call(get('/api/slow', { ms: 100 }));
    setTimeout(() => ac.abort(), 20);
    await assert.rejects(p1, (e) => e.name === 'AbortError');
    assert.equal((await p2).slow, true);
    assert.equal(srv.executions.length, 1);
  }));
