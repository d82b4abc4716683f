// The Todo frontend and the docs playground in headless Chromium, against the real `todo`
// and `fake-wechat` binaries (built by `cargo test` / `cargo build -p todo`) and the built
// frontend (`npm run build`). Screenshots go to e2e-artifacts/ in the same target directory.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/**
 * Where cargo puts the example's binaries, as cargo itself says: CARGO_TARGET_DIR when set,
 * else the target directory of the workspace the example is in (the bffkit workspace's
 * inside the repository, the example's own when it is copied out).
 */
const target = JSON.parse(
  execFileSync(process.env.CARGO ?? 'cargo', ['metadata', '--no-deps', '--offline', '--format-version', '1'], {
    cwd: path.resolve(web, '..'),
    encoding: 'utf8',
  }),
).target_directory;
const artifacts = path.join(target, 'e2e-artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts a binary and resolves with the URL from its "<prefix> listening on URL" line. */
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
      const m = /listening on (http:\/\/\S+)/.exec(line);
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
let app;
let browser;
let dataDir;

before(async () => {
  if (!existsSync(path.join(web, 'dist/index.html'))) throw new Error('run `npm run build` in examples/todo/web first');
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'todo-web-'));
  wechat = await start('fake-wechat', { FAKE_WECHAT_ADDR: '127.0.0.1:0' });
  app = await start('todo', {
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: `sqlite://${path.join(dataDir, 'todo.db')}?mode=rwc`,
    BFFKIT_WECHAT_BASE_URL: wechat.base,
    TODO_WEB_DIST: path.join(web, 'dist'),
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  mkdirSync(artifacts, { recursive: true });
});

after(async () => {
  await browser?.close();
  await app?.stop();
  await wechat?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Waits until no change is in flight and the list shows `count` todos. */
async function waitForList(page, count) {
  await page.waitForFunction(
    (n) => document.body.dataset.busy === 'false' && document.querySelectorAll('#list li').length === n,
    count,
    { timeout: 15_000 },
  );
}

async function listed(page) {
  return page.$$eval('#list li', (items) => items.map((li) => ({ content: li.querySelector('.content').textContent, done: li.classList.contains('done') })));
}

let token;

test('sign in, add two todos, complete one, remove one: the list matches', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const batches = [];
  page.on('request', (req) => {
    if (new URL(req.url()).pathname === '/api/_batch') batches.push(req.method());
  });
  await page.goto(app.base + '/');
  await page.waitForSelector('body[data-ready="true"]');

  await page.fill('#code', `alice-${process.pid}`);
  await page.click('#sign-in button[type="submit"]');
  await page.waitForSelector('#todos:not([hidden])', { timeout: 15_000 });
  await waitForList(page, 0);
  assert.equal(await page.isVisible('#empty'), true, 'an empty list says so');

  for (const [i, content] of ['buy milk', 'write docs'].entries()) {
    await page.fill('#content', content);
    await page.click('#add button[type="submit"]');
    await waitForList(page, i + 1);
  }
  assert.deepEqual(await listed(page), [
    { content: 'buy milk', done: false },
    { content: 'write docs', done: false },
  ]);

  await page.check('#list li:nth-child(1) .toggle');
  await page.waitForSelector('#list li.done', { timeout: 15_000 });
  await waitForList(page, 2);
  await page.click('#list li:nth-child(2) .remove');
  await waitForList(page, 1);
  assert.deepEqual(await listed(page), [{ content: 'buy milk', done: true }]);
  await page.screenshot({ path: path.join(artifacts, 'todo-list.png'), fullPage: true });

  // The session is an HttpOnly cookie: the page's scripts cannot read it, and the page
  // keeps nothing in localStorage or sessionStorage.
  const cookies = await page.context().cookies(app.base);
  const session = cookies.find((c) => c.name === 'bffkit_session');
  assert.ok(session, `a session cookie: ${JSON.stringify(cookies)}`);
  assert.equal(session.httpOnly, true);
  assert.equal(session.sameSite, 'Strict');
  assert.equal(session.secure, true);
  assert.equal(session.path, '/');
  assert.equal(await page.evaluate(() => document.cookie.includes('bffkit_session')), false);
  assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0);

  // The server agrees with the page.
  const cookie = `bffkit_session=${session.value}`;
  const response = await fetch(app.base + '/api/todos', { headers: { cookie } });
  assert.equal(response.status, 200);
  assert.deepEqual((await response.json()).map((t) => [t.content, t.done]), [['buy milk', true]]);

  // A reload keeps the session and shows the same list.
  await page.reload();
  await waitForList(page, 1);
  assert.deepEqual(await listed(page), [{ content: 'buy milk', done: true }]);

  // A page on another origin of the same site (another port) gets the cookie attached to
  // its POST, and the app's cross-site check refuses it.
  const elsewhere = http.createServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end('<!doctype html><title>elsewhere</title>');
  });
  await new Promise((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
  try {
    const other = await context.newPage();
    await other.goto(`http://127.0.0.1:${elsewhere.address().port}/`);
    const answered = other.waitForResponse((r) => r.url() === app.base + '/api/auth/logout');
    await other.evaluate((url) => fetch(url, { method: 'POST', mode: 'no-cors', credentials: 'include' }).catch(() => {}), app.base + '/api/auth/logout');
    const refused = await answered;
    // 403, not 401: the browser attached the cookie (without it logout answers 401), and
    // the cross-site check refused the request (logout has no other 403). The page cannot
    // read the answer (no-cors); the test sees it on the wire.
    assert.equal(refused.status(), 403);
    await other.close();
  } finally {
    elsewhere.close();
  }
  const still = await fetch(app.base + '/api/todos', { headers: { cookie } });
  assert.equal(still.status, 200, 'the refused request signed nobody out');

  // Signing out from the page ends the session and clears the cookie.
  await page.click('#sign-out');
  await page.waitForSelector('#sign-in:not([hidden])', { timeout: 15_000 });
  assert.equal((await page.context().cookies(app.base)).some((c) => c.name === 'bffkit_session'), false);
  assert.equal((await fetch(app.base + '/api/todos', { headers: { cookie } })).status, 401);
  assert.deepEqual(errors, []);
  await context.close();

  // The docs playground below uses a bearer token: a sign-in without Origin (as a mini
  // program or a script makes it) gets one, for the same user.
  const login = await fetch(app.base + '/api/auth/wechat/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: `alice-${process.pid}` }),
  });
  token = (await login.json()).token;
});

test('the docs playground lists the routes and runs a request', async () => {
  assert.ok(token, 'the first test signed in');
  const page = await browser.newPage();
  const outside = [];
  page.on('request', (req) => {
    if (!req.url().startsWith(app.base)) outside.push(req.url());
  });
  await page.goto(app.base + '/api/_docs');
  const route = page.locator('details[data-method="GET"][data-path="/api/todos"]');
  await route.locator('summary').click();
  assert.match(await route.locator('.description').textContent(), /oldest first/);
  const deprecated = page.locator('details[data-method="GET"][data-path="/api/todos/all"]');
  assert.equal(await deprecated.getAttribute('class'), 'route deprecated');

  await page.fill('#authorization', token);
  await route.locator('button[type="submit"]').click();
  const status = route.locator('.result .status');
  await status.waitFor({ timeout: 15_000 });
  assert.equal(await status.getAttribute('data-status'), '200');
  const body = JSON.parse(await route.locator('.result pre.response').textContent());
  assert.deepEqual(body.map((t) => [t.content, t.done]), [['buy milk', true]]);

  // A request with a body, prefilled from the schema and edited.
  const add = page.locator('details[data-method="POST"][data-path="/api/todos"]');
  await add.locator('summary').click();
  assert.deepEqual(JSON.parse(await add.locator('textarea').inputValue()), { content: 'x' });
  await add.locator('textarea').fill('{"content": "from the docs"}');
  await add.locator('button[type="submit"]').click();
  await add.locator('.result .status').waitFor({ timeout: 15_000 });
  assert.equal(await add.locator('.result .status').getAttribute('data-status'), '200');
  assert.equal(JSON.parse(await add.locator('.result pre.response').textContent()).content, 'from the docs');
  await page.screenshot({ path: path.join(artifacts, 'todo-docs.png'), fullPage: true });

  assert.deepEqual(outside, [], 'the playground loads nothing from elsewhere');
  await page.close();
});
