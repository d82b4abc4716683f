// Streams from the real demo (`/api/ticks`): the generated client's `getTicks` in Node
// (typed items, error events, abort stopping the server's producer, resuming with
// Last-Event-ID after a cut-off); in headless Chromium, `EventSource`, the client runtime
// streaming over fetch, the generated client the page loads (`/api.js`: items, an error
// event, an abort), and WebSockets to a merged axum route and to a typed lambda.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { launchChromium } from './helpers/chromium.js';

import { root, startDemo } from './helpers/demo.js';

const bin = (name) => join(root, 'target/debug', name);
const tsc = join(root, 'cli/tests/ts/node_modules/.bin/tsc');

let demo;
let api;
const dir = mkdtempSync(join(tmpdir(), 'bffkit-stream-'));

before(async () => {
  demo = await startDemo();
  execFileSync(bin('bffkit'), ['client', '--from', `${demo.base}/api/_manifest`, '--out', join(dir, 'api.ts'), '--base-url', demo.base]);
  mkdirSync(join(dir, 'node_modules/@bffkit'), { recursive: true });
  symlinkSync(join(root, 'clients/ts'), join(dir, 'node_modules/@bffkit/client'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  execFileSync(tsc, ['--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2020',
    '--skipLibCheck', '--outDir', join(dir, 'out'), join(dir, 'api.ts')], { stdio: 'inherit' });
  api = await import(join(dir, 'out/api.js'));
});

after(async () => {
  await demo?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function collect(iterable) {
  const out = [];
  for await (const item of iterable) out.push(item);
  return out;
}

test('the generated client iterates a stream of typed items, and leaves WebSocket routes out', async () => {
  assert.equal(api.getChat, undefined);
  assert.deepEqual(await collect(api.getTicks({ query: { count: 3 } })), [{ n: 0 }, { n: 1 }, { n: 2 }]);
});

test('an error event rejects with its code and status after the items before it', async () => {
  const seen = [];
  await assert.rejects(
    (async () => {
      for await (const tick of api.getTicks({ query: { count: 5, fail_at: 2 } })) seen.push(tick.n);
    })(),
    (err) => err instanceof api.BffError && err.code === 20008 && err.status === 409,
  );
  assert.deepEqual(seen, [0, 1]);
});

test('aborting stops the server-side producer', async () => {
  const controller = new AbortController();
  const seen = [];
  await assert.rejects(
    (async () => {
      const ticks = api.getTicks({ query: { count: 500, every_ms: 20, run: 'node-abort' } }, { signal: controller.signal });
      for await (const tick of ticks) {
        seen.push(tick.n);
        if (seen.length === 3) controller.abort();
      }
    })(),
    (err) => err.name === 'AbortError',
  );
  // Answers once the run's stream is dropped on the server.
  const stopped = await (await fetch(`${demo.base}/api/ticks/stopped?run=node-abort&wait_ms=8000`)).json();
  assert.equal(stopped.stopped, true);
  assert.ok(stopped.sent >= 3 && stopped.sent < 20, `${stopped.sent} ticks made`);
});

test('a stream cut off on the way resumes after the last item with Last-Event-ID', async () => {
  // A fetch that, like a proxy timing out, cuts the first response after two lines.
  const sent = [];
  let cut = false;
  const cutting = async (url, init) => {
    sent.push(init.headers['last-event-id']);
    const res = await fetch(url, init);
    if (cut) return res;
    cut = true;
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    const encoder = new TextEncoder();
    let buffered = '';
    let lines = 0;
    const body = new ReadableStream({
      async pull(controller) {
        for (;;) {
          if (lines >= 2) {
            reader.cancel();
            return controller.close();
          }
          const { done, value } = await reader.read();
          if (done) return controller.close();
          buffered += decoder.decode(value, { stream: true });
          let sentLine = false;
          let nl;
          // Forward whole non-empty lines only, up to two.
          while (lines < 2 && (nl = buffered.indexOf('\n')) >= 0) {
            const line = buffered.slice(0, nl);
            buffered = buffered.slice(nl + 1);
            if (line === '') continue;
            controller.enqueue(encoder.encode(line + '\n'));
            lines += 1;
            sentLine = true;
          }
          if (sentLine) return;
        }
      },
    });
    return new Response(body, { status: res.status, headers: res.headers });
  };
  api.configureClient({ baseUrl: demo.base, fetch: cutting });
  try {
    const ticks = await collect(api.getTicks({ query: { count: 5 } }, { reconnect: true, retryDelayMs: 10 }));
    assert.deepEqual(ticks.map((t) => t.n), [0, 1, 2, 3, 4]);
    assert.deepEqual(sent, [undefined, '1']);
  } finally {
    api.configureClient({ baseUrl: demo.base });
  }
});

test('headless Chromium: EventSource, the client runtime\'s stream, the generated client, and WebSockets', async () => {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(demo.base + '/');
    const events = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const seen = [];
          const source = new EventSource('/api/ticks?count=4&fail_at=3');
          source.onmessage = (e) => seen.push({ id: e.lastEventId, n: JSON.parse(e.data).n });
          source.addEventListener('api-error', (e) => {
            source.close();
            seen.push({ error: JSON.parse(e.data).code });
            resolve(seen);
          });
        }),
    );
    assert.deepEqual(events, [{ id: '0', n: 0 }, { id: '1', n: 1 }, { id: '2', n: 2 }, { error: 20008 }]);

    // @bffkit/client's stream (fetch streaming) in the browser, as the page loads it.
    const ticks = await page.evaluate(async () => {
      const { createClient } = await import('/_client/index.js');
      const out = [];
      for await (const tick of createClient().stream({ method: 'GET', path: '/api/ticks', query: { count: 3 } })) out.push(tick.n);
      return out;
    });
    assert.deepEqual(ticks, [0, 1, 2]);

    // The generated client as the page loads it (`/api.js`, compiled from web/api.ts):
    // typed items, an error event as a BffError, and an abort ending the iteration.
    const generated = await page.evaluate(async () => {
      const api = await import('/api.js');
      const all = [];
      for await (const tick of api.getTicks({ query: { count: 3 } })) all.push(tick);
      const beforeError = [];
      let error;
      try {
        for await (const tick of api.getTicks({ query: { count: 5, fail_at: 2 } })) beforeError.push(tick.n);
      } catch (e) {
        error = { bff: e instanceof api.BffError, code: e.code, status: e.status };
      }
      const controller = new AbortController();
      const beforeAbort = [];
      let aborted;
      try {
        const ticks = api.getTicks({ query: { count: 500, every_ms: 20, run: 'chromium-abort' } }, { signal: controller.signal });
        for await (const tick of ticks) {
          beforeAbort.push(tick.n);
          if (beforeAbort.length === 3) controller.abort();
        }
      } catch (e) {
        aborted = e.name;
      }
      return { all, beforeError, error, beforeAbort, aborted };
    });
    assert.deepEqual(generated, {
      all: [{ n: 0 }, { n: 1 }, { n: 2 }],
      beforeError: [0, 1],
      error: { bff: true, code: 20008, status: 409 },
      beforeAbort: [0, 1, 2],
      aborted: 'AbortError',
    });
    // The abort reached the server: the run's producer was dropped.
    const stopped = await (await fetch(`${demo.base}/api/ticks/stopped?run=chromium-abort&wait_ms=8000`)).json();
    assert.equal(stopped.stopped, true);
    assert.ok(stopped.sent >= 3 && stopped.sent < 20, `${stopped.sent} ticks made`);

    // WebSockets: the merged axum route and the typed lambda.
    const echoes = await page.evaluate(
      () =>
        Promise.all(
          [
            ['/ws/echo', 'plain'],
            ['/api/chat', JSON.stringify({ text: 'typed' })],
          ].map(
            ([path, message]) =>
              new Promise((resolve, reject) => {
                const socket = new WebSocket(`ws://${location.host}${path}`);
                socket.onopen = () => socket.send(message);
                socket.onmessage = (e) => {
                  socket.close();
                  resolve(e.data);
                };
                socket.onerror = () => reject(new Error(`${path} failed`));
              }),
          ),
        ),
    );
    assert.deepEqual(echoes, ['plain', JSON.stringify({ echo: 'typed', n: 1 })]);
  } finally {
    await browser.close();
  }
});
