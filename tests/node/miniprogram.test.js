// The generated demo client for each mini-program target, run the way a mini-program runs
// it: inside a JavaScript context that holds only the ECMAScript built-ins, timers,
// `console` and the platform object (`wx` or `my`, following the platform's documented
// request contract, backed by real HTTP to the running demo). A Web API reached anywhere
// in the client or its runtime is a ReferenceError here: the context has none.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import { root, startDemo, executions } from './helpers/demo.js';
import { bundleClient, fakeAlipay, fakeWechat, miniProgramContext, signInEnv, startFakePlatforms } from './helpers/miniprogram.js';

/** A value from the context's realm as a plain value of this one, for deepEqual. */
const plain = (value) => JSON.parse(JSON.stringify(value));

const WEB_APIS = ['fetch', 'XMLHttpRequest', 'Request', 'Response', 'Headers', 'AbortController', 'AbortSignal', 'URL',
  'URLSearchParams', 'TextDecoder', 'TextEncoder', 'ReadableStream', 'FormData', 'Blob', 'queueMicrotask',
  'DOMException', 'WebSocket', 'EventTarget', 'structuredClone', 'window', 'document', 'process', 'require', 'Buffer'];

let platforms;
let demo;
const dir = mkdtempSync(join(tmpdir(), 'bffkit-mini-'));

before(async () => {
  platforms = await startFakePlatforms();
  demo = await startDemo(signInEnv(platforms));
});

after(async () => {
  await demo?.stop();
  platforms?.stop();
  rmSync(dir, { recursive: true, force: true });
});

for (const target of ['wechat', 'alipay']) {
  describe(`${target} target`, () => {
    let fake;
    let api;
    let context;
    const global = target === 'wechat' ? 'wx' : 'my';

    before(async () => {
      const out = join(dir, target, 'api.ts');
      execFileSync(join(root, 'target/debug/bffkit'), ['client', '--from', `${demo.base}/api/_manifest`, '--out', out,
        '--target', target, '--standalone', '--base-url', demo.base]);
      fake = target === 'wechat' ? fakeWechat() : fakeAlipay();
      context = miniProgramContext({ [global]: fake.platform });
      vm.runInContext(await bundleClient(out), context, { filename: `${target}-api.js` });
      api = context.api;
    });

    test('the context has no Web API, only ECMAScript, timers, console and the platform', () => {
      const kinds = vm.runInContext(`[${WEB_APIS.map((n) => `typeof ${n}`).join(', ')}]`, context);
      assert.deepEqual(Object.fromEntries(WEB_APIS.map((n, i) => [n, kinds[i]])), Object.fromEntries(WEB_APIS.map((n) => [n, 'undefined'])));
      assert.equal(vm.runInContext(`typeof ${global}.request`, context), 'function');
    });

    test('path, query and JSON, text and form bodies', async () => {
      assert.deepEqual(plain(await api.getHello({ query: { name: 'Mini 程序' } })), { message: 'Hello Mini 程序!' });
      assert.deepEqual(plain(await api.postHello({ data: { name: 'TS' } })), { message: 'Hello TS!' });
      assert.equal((await api.getUserInfoByUsername('a b/c')).username, 'a b/c');
      assert.deepEqual(plain(await api.getItemByLevelAndId(2, 9)), { level: 2, id: 9, title: 'item 9' });
      const query = { tag: ['a', 'b c', 'd&e'], id: [1, 2] };
      assert.deepEqual(plain(await api.getPortTags({ query })), query);
      assert.deepEqual(plain(await api.postNote({ body: 'two\nlines ✓' })), { chars: 11, lines: 2, shout: 'TWO\nLINES ✓' });
      const sub = { age: 30, email: 'a+b@example.com', topics: ['news', 'offers'] };
      assert.deepEqual(plain(await api.postSubscribe({ formUrlencoded: sub })), sub);
      // Multipart from a record of text fields (mini-programs have no FormData or Blob).
      const file = { filename: 'a.txt', content: 'hello', contentType: 'text/plain' };
      const receipt = await api.postUpload({ formData: { title: 'notes ✓', file } });
      assert.deepEqual([receipt.title, receipt.file_name, receipt.size], ['notes ✓', 'a.txt', 5]);
      // Header names come back in any case from the platform; the client reads them whatever.
      assert.ok(fake.log.every((r) => r.method !== 'PATCH'));
    });

    test('calls in one tick go as one batch request; identical GETs run once', async () => {
      await demo.resetCounts();
      const before = fake.log.length;
      const [a, b, c, d] = await Promise.all([
        api.getHello({ query: { name: 'one' } }),
        api.getHello({ query: { name: 'two' } }),
        api.getHello({ query: { name: 'two' } }),
        api.postHello({ data: { name: 'three' } }),
      ]);
      assert.deepEqual([a.message, b.message, c.message, d.message], ['Hello one!', 'Hello two!', 'Hello two!', 'Hello three!']);
      const sent = fake.log.slice(before);
      assert.deepEqual(sent.map((r) => `${r.method} ${new URL(r.url).pathname}`), ['POST /api/_batch']);
      const counts = await demo.counts();
      assert.equal(executions(counts, '/api/hello'), 3);
      // Per-call opt-out: batch: false goes on its own.
      await Promise.all([api.getHello({ query: { name: 'x' } }, { batch: false }), api.getHello({ query: { name: 'y' } }, { batch: false })]);
      assert.deepEqual(fake.log.slice(before + 1).map((r) => new URL(r.url).pathname), ['/api/hello', '/api/hello']);
    });

    test(target === 'wechat' ? 'the batch answer is read chunk by chunk as it arrives' : 'the batch answer is read whole (my.request has no chunked reads)', async () => {
      const before = fake.log.length;
      let fastAt = 0;
      const fast = api.getDebugSlow({ query: { ms: 0 } }).then((v) => ((fastAt = Date.now()), v));
      const slow = api.getDebugSlow({ query: { ms: 600 } });
      const [f, s] = await Promise.all([fast, slow]);
      const slowAt = Date.now();
      assert.deepEqual([f.slept_ms, s.slept_ms], [0, 600]);
      const [batch] = fake.log.slice(before);
      assert.equal(new URL(batch.url).pathname, '/api/_batch');
      if (target === 'wechat') {
        assert.equal(batch.headers.accept, 'application/x-ndjson');
        assert.ok(batch.chunks >= 2, `the answer came in ${batch.chunks} chunks`);
        assert.ok(slowAt - fastAt >= 400, `the fast call settled ${slowAt - fastAt} ms before the slow one`);
      } else {
        assert.equal(batch.headers.accept, 'application/json');
        assert.ok(slowAt - fastAt < 200, 'whole: both settle when the answer is complete');
      }
    });

    test('PATCH, which the platform cannot send, goes through the batch endpoint and stays typed', async () => {
      const before = fake.log.length;
      assert.deepEqual(plain(await api.patchMethods()), { method: 'PATCH' });
      assert.deepEqual(plain(await api.patchMethods({}, { batch: false })), { method: 'PATCH' });
      const sent = fake.log.slice(before);
      assert.deepEqual(sent.map((r) => `${r.method} ${new URL(r.url).pathname}`), ['POST /api/_batch', 'POST /api/_batch']);
    });

    test('a typed 400 and 404, and a 409 from the function error union', async () => {
      await assert.rejects(api.getItemByLevelAndId(1, 0), (e) => {
        assert.ok(e instanceof api.BffError);
        assert.ok(api.isGetItemByLevelAndIdError(e));
        assert.deepEqual([e.status, e.code], [404, 20005]);
        return true;
      });
      await assert.rejects(api.getDebugSlow({ query: { ms: 'soon' } }, { batch: false }), (e) => {
        assert.ok(e instanceof api.BffError);
        assert.equal(e.status, 400);
        assert.ok([20000, 20001].includes(e.code), `code ${e.code}`);
        assert.match(e.message, /ms/);
        return true;
      });
      // The same errors inside a batch answer.
      const [r404, r409] = await Promise.allSettled([api.getItemByLevelAndId(1, 0), api.getDebugFail()]);
      assert.deepEqual([r404.reason.status, r404.reason.code], [404, 20005]);
      assert.deepEqual(plain([r409.reason.status, r409.reason.code, r409.reason.data]), [409, 20008, { reason: 'demo' }]);
    });

    test('cancel aborts the platform request task; a timeout rejects with a BffError', async () => {
      const before = fake.log.length;
      const cancel = new api.CancelController();
      const pending = api.getDebugSlow({ query: { ms: 3000 } }, { signal: cancel.signal, batch: false });
      setTimeout(() => cancel.abort(), 50);
      await assert.rejects(pending, (e) => e.name === 'AbortError');
      assert.equal(fake.log[before].aborted, true);

      const started = Date.now();
      await assert.rejects(api.getDebugSlow({ query: { ms: 3000 } }, { timeoutMs: 100 }), (e) => {
        assert.ok(e instanceof api.BffError);
        assert.equal(e.status, 0);
        assert.match(e.message, /timed out after 100 ms/);
        return true;
      });
      assert.ok(Date.now() - started < 2000);
      assert.equal(fake.log[before + 1].aborted, true);
    });

    if (target === 'wechat') {
      test('an EventStream lambda streams through enableChunked, item by item', async () => {
        const ticks = api.getTicks({ query: { count: 3 } });
        const seen = [];
        for (let r = await ticks.next(); !r.done; r = await ticks.next()) seen.push(r.value.n);
        assert.deepEqual(seen, [0, 1, 2]);
        const failing = api.getTicks({ query: { count: 5, fail_at: 2 } });
        assert.equal((await failing.next()).value.n, 0);
        assert.equal((await failing.next()).value.n, 1);
        await assert.rejects(failing.next(), (e) => e instanceof api.BffError && e.status >= 400);
      });
    } else {
      test('an EventStream lambda fails clearly, naming the platform limit', async () => {
        await assert.rejects(api.getTicks({ query: { count: 3 } }).next(), (e) => {
          assert.ok(e instanceof api.BffError);
          assert.match(e.message, /alipay: .*cannot read a response as it arrives/);
          return true;
        });
      });
    }

    test(`a WebSocket lambda through ${global}.connectSocket`, async () => {
      const socket = api.getChat();
      const echo = await new Promise((resolve, reject) => {
        socket.onError(reject);
        socket.onOpen(() => socket.send({ text: 'hi' }));
        socket.onMessage(resolve);
      });
      socket.close();
      assert.deepEqual(plain(echo), { echo: 'hi', n: 1 });
      assert.equal(fake.log.at(-1).method, 'WEBSOCKET');
      assert.match(fake.log.at(-1).url, /^ws:\/\/.*\/api\/chat$/);
    });

    test('signIn() → signed-in calls → refresh on 401 → signOut()', async () => {
      const key = 'bffkit.session';
      await assert.rejects(api.getMe(), (e) => e.status === 401);
      const session = await api.signIn();
      assert.equal(typeof session.token, 'string');
      assert.equal(fake.storage.get(key), session.token, `kept with ${global}.setStorageSync`);
      const me = await api.getMe();
      assert.equal(me.provider, target);
      const first = fake.log.at(-1);
      assert.equal(first.headers.authorization, `Bearer ${session.token}`);

      // Another page refreshed the session while this call was on its way with the old
      // token: the server answers 401, the client sees the newer token and sends again.
      const rotated = await (await fetch(`${demo.base}/api/auth/refresh`, { method: 'POST', headers: { authorization: `Bearer ${session.token}` } })).json();
      const stale = session.token;
      const retried = fake.log.length;
      fake.storage.set(key, stale);
      const racing = api.getMe({}, { batch: false });
      fake.storage.set(key, rotated.token);
      assert.equal((await racing).user_id, me.user_id);
      const sent = fake.log.slice(retried).map((r) => [new URL(r.url).pathname, r.headers.authorization]);
      assert.deepEqual(sent, [['/api/me', `Bearer ${stale}`], ['/api/me', `Bearer ${rotated.token}`]]);

      // The kept session is revoked on the server: one refresh through the refresh route,
      // which fails too, so the session is forgotten and the call's 401 stands.
      await demo.resetCounts();
      await fetch(`${demo.base}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${rotated.token}` } });
      const refreshAt = fake.log.length;
      await assert.rejects(api.getMe({}, { cache: false }), (e) => e instanceof api.BffError && e.status === 401);
      assert.deepEqual(fake.log.slice(refreshAt).map((r) => new URL(r.url).pathname), ['/api/me', '/api/auth/refresh']);
      assert.equal(fake.storage.has(key), false);

      // Signed in again; signOut() revokes it on the server and forgets it here.
      const again = await api.signIn();
      assert.equal((await api.getMe({}, { cache: false })).provider, target);
      await api.signOut();
      assert.equal(fake.storage.has(key), false);
      const logout = fake.log.at(-1);
      assert.deepEqual([new URL(logout.url).pathname, logout.headers.authorization], ['/api/auth/logout', `Bearer ${again.token}`]);
      const after = await fetch(`${demo.base}/api/me`, { headers: { authorization: `Bearer ${again.token}` } });
      assert.equal(after.status, 401);
    });
  });
}

test('alipay: a base library whose error 19 carries no answer still fails clearly', async () => {
  const out = join(dir, 'alipay', 'api.ts');
  const fake = fakeAlipay({ answerOnFail: false });
  const context = miniProgramContext({ my: fake.platform });
  vm.runInContext(await bundleClient(out), context);
  await assert.rejects(context.api.getItemByLevelAndId(1, 0), (e) => {
    assert.equal(e.status, 0);
    assert.match(e.message, /my\.request gives no status or body with error 19/);
    return true;
  });
});

test('wechat: the --lang js client (ES2015+ with a .d.ts) runs the same way', async () => {
  const out = join(dir, 'wechat-js', 'api.js');
  execFileSync(join(root, 'target/debug/bffkit'), ['client', '--from', `${demo.base}/api/_manifest`, '--out', out,
    '--target', 'wechat', '--lang', 'js', '--base-url', demo.base]);
  const fake = fakeWechat();
  const context = miniProgramContext({ wx: fake.platform });
  vm.runInContext(await bundleClient(out), context);
  const { api } = context;
  const [hello, item] = await Promise.all([api.getHello({ query: { name: 'js' } }), api.getItemByLevelAndId(2, 9)]);
  assert.deepEqual(plain([hello, item]), [{ message: 'Hello js!' }, { level: 2, id: 9, title: 'item 9' }]);
  assert.equal(fake.log.length, 1);
  await api.signIn();
  assert.equal((await api.getMe()).provider, 'wechat');
});
