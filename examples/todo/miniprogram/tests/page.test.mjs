// The Todo mini-program's page, run as a mini-program runs it: its TypeScript compiled per
// file to ES2017 CommonJS, inside a context holding only the ECMAScript built-ins, timers,
// `console`, `App`/`Page`/`getApp` and a `wx` whose `request` is real HTTP (the shared
// harness in tests/node/helpers). Against the real `todo` binary on SQLite and the fake
// WeChat (`fake-wechat`), both built by `cargo build -p todo`. The test taps the page's
// handlers as its WXML does and reads what the page would show (`page.data`).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const project = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repository = path.resolve(project, '../../..');
const { fakeWechat } = await import(path.join(repository, 'tests/node/helpers/miniprogram.js'));
const { launchMiniProgram, input, tap } = await import(path.join(repository, 'tests/node/helpers/miniprogram-page.js'));
const { makeCertificates } = await import(path.join(repository, 'tests/node/helpers/test-ca.js'));

/** Where cargo put the example's binaries, as cargo says (CARGO_TARGET_DIR or the workspace's). */
const target = JSON.parse(
  execFileSync(process.env.CARGO ?? 'cargo', ['metadata', '--no-deps', '--offline', '--format-version', '1'], {
    cwd: path.resolve(project, '..'),
    encoding: 'utf8',
  }),
).target_directory;

/** Starts a binary and resolves with the URL of its "listening on URL" line. */
async function start(name, env) {
  const bin = path.join(target, 'debug', name);
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`cargo build -p todo\` first`);
  const child = spawn(bin, [], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not print its address within 30 s`)), 30_000);
    child.once('error', reject);
    exited.then(([code]) => reject(new Error(`${name} exited early with ${code}`)), () => {});
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /listening on (https?:\/\/\S+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
  return {
    base,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited.catch(() => {});
      }
    },
  };
}

let wechat;
let server;
let dataDir;

before(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'todo-miniprogram-'));
  wechat = await start('fake-wechat', { FAKE_WECHAT_ADDR: '127.0.0.1:0' });
  server = await start('todo', {
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: `sqlite://${path.join(dataDir, 'todo.db')}?mode=rwc`,
    BFFKIT_WECHAT_BASE_URL: wechat.base,
  });
});

after(async () => {
  await server?.stop();
  await wechat?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** The develop version in DevTools, pointed at `base` by the storage override. */
function devtoolsWechat(base = server.base, options = {}) {
  const fake = fakeWechat(options);
  fake.platform.getAccountInfoSync = () => ({ miniProgram: { appId: 'touristappid', envVersion: 'develop', version: '' } });
  fake.storage.set('todo.server', base);
  return fake;
}

const listed = (page) => page.data.todos.map(({ content, done }) => ({ content, done }));

test('sign in, add, list, complete, a refused todo shown, remove, sign out', async () => {
  const fake = devtoolsWechat();
  const miniProgram = await launchMiniProgram(path.join(project, 'miniprogram'), { wx: fake.platform });
  const webApis = ['fetch', 'XMLHttpRequest', 'URL', 'URLSearchParams', 'AbortController', 'TextDecoder', 'queueMicrotask', 'require', 'process'];
  assert.deepEqual(Array.from(vm.runInContext(`[${webApis.map((name) => `typeof ${name}`).join(', ')}]`, miniProgram.context)), webApis.map(() => 'undefined'));
  const page = await miniProgram.open('pages/index/index');
  // No session yet: the page asks to sign in, and the 401 of its first try is no error.
  assert.deepEqual([page.data.signedIn, page.data.error], [false, '']);

  await page.onSignIn(tap());
  assert.equal(page.data.error, '');
  assert.equal(page.data.signedIn, true);
  assert.deepEqual(page.data.todos, []);
  const token = fake.storage.get('bffkit.session');
  assert.match(token ?? '', /\S{16,}/, 'the session is kept in wx storage');

  for (const content of ['buy milk', 'write tests']) {
    page.onDraft(input(content));
    await page.onAdd(tap());
    assert.equal(page.data.error, '');
  }
  assert.equal(page.data.draft, '');
  assert.deepEqual(listed(page), [
    { content: 'buy milk', done: false },
    { content: 'write tests', done: false },
  ]);

  // Completing is PATCH, which wx.request cannot send: it goes inside the batch POST.
  const [milk, tests] = page.data.todos;
  const sent = fake.log.length;
  await page.onToggle(tap({ id: milk.id, done: milk.done }));
  assert.equal(page.data.error, '');
  assert.deepEqual(listed(page), [
    { content: 'buy milk', done: true },
    { content: 'write tests', done: false },
  ]);
  const toggled = fake.log.slice(sent);
  assert.ok(toggled.every((r) => r.method !== 'PATCH'), JSON.stringify(toggled));
  assert.ok(toggled.some((r) => r.method === 'POST' && r.url.endsWith('/api/_batch')), JSON.stringify(toggled));
  assert.ok(
    toggled.every((r) => r.headers.authorization === `Bearer ${token}` || r.headers.Authorization === `Bearer ${token}`),
    'every call carries the session',
  );

  // Over the server's 500 characters: the page shows the 400's message, naming the field,
  // and keeps the draft for the user to fix.
  const long = 'x'.repeat(501);
  page.onDraft(input(long));
  await page.onAdd(tap());
  assert.match(page.data.error, /^Not added: .*content.*\(HTTP 400, code 2000\d\)$/s);
  assert.equal(page.data.draft, long);
  assert.equal(page.data.todos.length, 2);

  await page.onRemove(tap({ id: tests.id }));
  assert.equal(page.data.error, '');
  assert.deepEqual(listed(page), [{ content: 'buy milk', done: true }]);

  // Opening the page again later: the kept session lists the todos without a sign-in.
  const reopened = await (await launchMiniProgram(path.join(project, 'miniprogram'), { wx: fake.platform })).open('pages/index/index');
  assert.deepEqual([reopened.data.signedIn, listed(reopened)], [true, [{ content: 'buy milk', done: true }]]);

  await page.onSignOut(tap());
  assert.deepEqual([page.data.signedIn, page.data.todos, page.data.error], [false, [], '']);
  assert.equal(fake.storage.has('bffkit.session'), false);
});

test('a server that cannot be reached is an error on the page, not a crash', async () => {
  const fake = devtoolsWechat();
  fake.storage.set('todo.server', 'http://127.0.0.1:9');
  const page = await (await launchMiniProgram(path.join(project, 'miniprogram'), { wx: fake.platform })).open('pages/index/index');
  assert.match(page.data.error, /^Cannot reach the Todo server: /);
  assert.equal(page.data.signedIn, false);
});

test('over HTTPS served by the Todo server, trusting its CA as a phone trusts an allow-listed domain', async () => {
  const files = makeCertificates(dataDir);
  const secure = await start('todo', {
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: `sqlite://${path.join(dataDir, 'todo-https.db')}?mode=rwc`,
    BFFKIT_WECHAT_BASE_URL: wechat.base,
    BFFKIT_TLS_CERT_FILE: files.cert,
    BFFKIT_TLS_KEY_FILE: files.key,
  });
  try {
    assert.match(secure.base, /^https:\/\//);
    const fake = devtoolsWechat(secure.base, { ca: readFileSync(files.ca) });
    const page = await (await launchMiniProgram(path.join(project, 'miniprogram'), { wx: fake.platform })).open('pages/index/index');
    await page.onSignIn(tap());
    page.onDraft(input('over TLS'));
    await page.onAdd(tap());
    await page.onToggle(tap({ id: page.data.todos[0].id, done: false }));
    assert.equal(page.data.error, '');
    assert.deepEqual(listed(page), [{ content: 'over TLS', done: true }]);
    assert.ok(fake.log.every((r) => r.url.startsWith('https://')), JSON.stringify(fake.log));
  } finally {
    await secure.stop();
  }
});
