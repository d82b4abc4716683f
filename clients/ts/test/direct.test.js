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

const direct = { batch: false };

test('JSON data body and query encoding (arrays as repeated keys)', () =>
  withServer(echoRoute, {}, async (srv) => {
    const c = createClient({ baseUrl: srv.baseUrl + '/' });
    const r = await c.call(
      { method: 'PUT', path: '/api/user/42/info', query: { tag: ['a', 'b c'], n: 0, none: undefined, nil: null }, data: { name: 'Zoë' } },
      direct,
    );
    const req = srv.requests[0];
    assert.equal(req.method, 'PUT');
    assert.equal(req.url, '/api/user/42/info?tag=a&tag=b+c&n=0');
    assert.equal(req.headers['content-type'], 'application/json');
    assert.equal(req.headers.accept, 'application/json');
    assert.deepEqual(r.body, { name: 'Zoë' });
  }));

test('a query string already in the path is kept and merged', () =>
  withServer(echoRoute, {}, async (srv) => {
    const c = createClient({ baseUrl: srv.baseUrl });
    await c.call({ method: 'GET', path: '/api/x?a=1', query: { b: 2 } }, direct);
    await Promise.all([c.call({ method: 'GET', path: '/api/y?a=1&a=2' }), c.call({ method: 'GET', path: '/api/z' })]);
    assert.equal(srv.requests[0].url, '/api/x?a=1&b=2');
    assert.deepEqual(srv.batches[0].calls[0], { method: 'GET', path: '/api/y', query: { a: ['1', '2'] } });
  }));

test('text body, formData and formUrlencoded set the right content types', () =>
  withServer(echoRoute, {}, async (srv) => {
    const c = createClient({ baseUrl: srv.baseUrl });
    await c.call({ method: 'POST', path: '/api/text', body: 'hello' });
    const fd = new FormData();
    fd.append('field', 'value');
    await c.call({ method: 'POST', path: '/api/form', formData: fd });
    await c.call({ method: 'POST', path: '/api/u1', formUrlencoded: { a: '1', b: 'x y' } });
    await c.call({ method: 'POST', path: '/api/u2', formUrlencoded: 'a=1' });
    await c.call({ method: 'POST', path: '/api/u3', formUrlencoded: new URLSearchParams([['k', 'v']]) });
    const [t, f, u1, u2, u3] = srv.requests;
    assert.equal(t.headers['content-type'], 'text/plain');
    assert.equal(t.body, 'hello');
    assert.match(f.headers['content-type'], /^multipart\/form-data; boundary=/);
    assert.match(f.body, /name="field"\r\n\r\nvalue/);
    assert.equal(u1.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(u1.body, 'a=1&b=x+y');
    assert.equal(u2.body, 'a=1');
    assert.equal(u3.body, 'k=v');
  }));

test('more than one body kind is a TypeError', async () => {
  const c = createClient({ fetch: () => assert.fail('no request expected') });
  await assert.rejects(c.call({ method: 'POST', path: '/api/x', data: {}, body: 'x' }), TypeError);
});

test('204 / empty body -> undefined', () =>
  withServer(echoRoute, {}, async (srv) => {
    const c = createClient({ baseUrl: srv.baseUrl });
    assert.equal(await c.call({ method: 'DELETE', path: '/api/empty' }), undefined);
    assert.equal(await c.call({ method: 'GET', path: '/api/empty' }, direct), undefined);
    // and inside a batch (line without body)
    const [a, b] = await Promise.all([c.call({ method: 'GET', path: '/api/empty' }), c.call({ method: 'GET', path: '/api/x' })]);
    assert.equal(a, undefined);
    assert.equal(b.path, '/api/x');
  }));

test('error with {code, msg, data} body -> BffError', () =>
  withServer(echoRoute, {}, async (srv) => {
    const c = createClient({ baseUrl: srv.baseUrl });
    try {
      await c.call({ method: 'GET', path: '/api/fail', query: { status: 403, code: 1003, msg: 'forbidden!' } }, direct);
      assert.fail('should throw');
    } catch (e) {
      assert.ok(e instanceof BffError);
      assert.equal(e.status, 403);
      assert.equal(e.code, 1003);
      assert.equal(e.message, 'forbidden!');
      assert.deepEqual(e.data, { reason: 'because' });
    }
  }));

test('non-JSON error body -> BffError code 0 with the status text; non-JSON success -> text', () =>
  withServer(
    (call) => (call.path === '/api/bad' ? { status: 502, raw: '<html>bad gateway</html>', contentType: 'text/html' } : { status: 200, raw: 'plain ok' }),
    {},
    async (srv) => {
      const c = createClient({ baseUrl: srv.baseUrl });
      const e = await c.call({ method: 'GET', path: '/api/bad' }).catch((x) => x);
      assert.ok(e instanceof BffError);
      assert.equal(e.status, 502);
      assert.equal(e.code, 0);
      assert.equal(e.message, 'Bad Gateway');
      assert.equal(e.data, '<html>bad gateway</html>');
      assert.equal(await c.call({ method: 'GET', path: '/api/txt' }), 'plain ok');
    },
  ));

test('network error on a direct call -> BffError status 0', async () => {
  const c = createClient({ fetch: async () => { throw new TypeError('fetch failed'); } });
  const e = await c.call({ method: 'GET', path: '/api/x' }, direct).catch((x) => x);
  assert.ok(e instanceof BffError);
  assert.equal(e.status, 0);
  assert.equal(e.message, 'fetch failed');
  assert.ok(e.cause instanceof TypeError);
});

test('envelope mode unwraps data for direct and batched calls; errors stay errors', () =>
  withServer(echoRoute, { envelope: true }, async (srv) => {
    const c = createClient({ baseUrl: srv.baseUrl, envelope: true });
    const d = await c.call({ method: 'GET', path: '/api/d' }, direct);
    assert.equal(d.path, '/api/d');
    const rs = await Promise.allSettled([
      c.call({ method: 'GET', path: '/api/b1' }),
      c.call({ method: 'GET', path: '/api/fail', query: { code: 5 } }),
      c.call({ method: 'GET', path: '/api/b2' }, { stream: false }),
      c.call({ method: 'GET', path: '/api/b3' }, { stream: false }),
    ]);
    assert.equal(rs[0].value.path, '/api/b1');
    assert.equal(rs[1].reason.code, 5);
    assert.equal(rs[2].value.path, '/api/b2');
    assert.equal(rs[3].value.path, '/api/b3');
    // without envelope: the raw envelope comes through
    const raw = await createClient({ baseUrl: srv.baseUrl }).call({ method: 'GET', path: '/api/r' });
    assert.deepEqual(Object.keys(raw).sort(), ['code', 'data', 'msg']);
    assert.equal(raw.code, 10000);
  }));

test('default headers (object) and interceptor apply to direct requests; call headers win', () =>
  withServer(echoRoute, {}, async (srv) => {
    const urls = [];
    const c = createClient({
      baseUrl: srv.baseUrl,
      headers: { 'X-App': 'demo', 'x-over': 'default' },
      interceptor: (req) => {
        urls.push(req.url);
        return { url: req.url, init: { ...req.init, headers: { ...req.init.headers, authorization: 'Bearer abc' } } };
      },
    });
    await c.call({ method: 'GET', path: '/api/a', headers: { 'X-Over': 'mine' } });
    const h = srv.requests[0].headers;
    assert.equal(h['x-app'], 'demo');
    assert.equal(h['x-over'], 'mine');
    assert.equal(h.authorization, 'Bearer abc');
    assert.deepEqual(urls, [srv.baseUrl + '/api/a']);
  }));

test('AbortSignal on a direct call is passed to fetch', async () => {
  let seen;
  const c = createClient({
    fetch: (url, init) => {
      seen = init.signal;
      return new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(init.signal.reason)));
    },
  });
  const ac = new AbortController();
  const p = c.call({ method: 'POST', path: '/api/x', data: 1 }, { batch: false, signal: ac.signal });
  await new Promise((r) => setTimeout(r, 5));
  ac.abort();
  await assert.rejects(p, (e) => e.name === 'AbortError');
  assert.equal(seen, ac.signal);
});
