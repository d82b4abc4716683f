// WebSockets from Node against the real demo: the merged axum route `/ws/echo` echoes
// text frames, the lambda `/api/chat` talks typed JSON messages, and SIGTERM closes every
// socket (a session waiting for messages and one that only sends) with 1001.
// Node 20's WebSocket needs `--experimental-websocket` (package.json passes it).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { startDemo } from './helpers/demo.js';

let demo;

before(async () => {
  demo = await startDemo();
});
after(async () => {
  await demo?.stop();
});

/** An open socket whose messages and close are read one at a time, in order. */
async function open(base, path) {
  const socket = new WebSocket(base.replace('http://', 'ws://') + path);
  const queued = [];
  const waiting = [];
  const push = (event) => (waiting.length ? waiting.shift()(event) : queued.push(event));
  socket.onmessage = (e) => push({ data: e.data });
  socket.onclose = (e) => push({ close: { code: e.code, reason: e.reason, clean: e.wasClean } });
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = () => reject(new Error(`${path}: the handshake failed`));
  });
  return {
    send: (data) => socket.send(data),
    close: () => socket.close(),
    /** The next message's data, or `{close}` once the socket closed. */
    next: () => (queued.length ? Promise.resolve(queued.shift()) : new Promise((resolve) => waiting.push(resolve))),
    async json() {
      const event = await this.next();
      assert.ok('data' in event, `closed instead: ${JSON.stringify(event)}`);
      return JSON.parse(event.data);
    },
  };
}

test('the merged axum route echoes text frames, in order', async () => {
  const socket = await open(demo.base, '/ws/echo');
  for (const text of ['one', 'two', 'ünïcode ✓']) socket.send(text);
  for (const text of ['one', 'two', 'ünïcode ✓']) assert.deepEqual(await socket.next(), { data: text });
  // The server answers the client's close frame: a clean close, not a dropped connection.
  socket.close();
  assert.deepEqual(await socket.next(), { close: { code: 1005, reason: '', clean: true } });
});

test('the lambda answers typed messages, numbered, and names a field that does not read', async () => {
  const socket = await open(demo.base, '/api/chat');
  socket.send(JSON.stringify({ text: 'hi' }));
  assert.deepEqual(await socket.json(), { echo: 'hi', n: 1 });
  socket.send(JSON.stringify({ text: 7 }));
  const { error } = await socket.json();
  assert.equal(error.code, 20000);
  assert.match(error.msg, /message\.text/);
  // The session goes on after a message that does not read.
  socket.send(JSON.stringify({ text: 'again' }));
  assert.deepEqual(await socket.json(), { echo: 'again', n: 2 });
  socket.close();
  assert.deepEqual(await socket.next(), { close: { code: 1005, reason: '', clean: true } });
});

test('SIGTERM closes every socket with 1001, one that only sends too, then the server exits 0', async (t) => {
  const own = await startDemo();
  t.after(() => own.stop()); // if an assertion fails first
  const echo = await open(own.base, '/ws/echo');
  const chat = await open(own.base, '/api/chat');
  const feed = await open(own.base, '/api/chat');
  echo.send('live');
  assert.deepEqual(await echo.next(), { data: 'live' });
  chat.send(JSON.stringify({ text: 'live' }));
  assert.deepEqual(await chat.json(), { echo: 'live', n: 1 });
  // This session echoes for minutes without reading: it never waits for a message.
  feed.send(JSON.stringify({ text: 'feed', repeat: 100000 }));
  assert.deepEqual(await feed.json(), { echo: 'feed', n: 1 });

  const exitCode = await own.stop();
  const closeOf = async (socket) => {
    for (;;) {
      const event = await socket.next();
      if (event.close) return event.close;
    }
  };
  const goingAway = { code: 1001, reason: 'server shutting down', clean: true };
  assert.deepEqual(await closeOf(echo), goingAway, '/ws/echo');
  assert.deepEqual(await closeOf(chat), goingAway, '/api/chat waiting for a message');
  assert.deepEqual(await closeOf(feed), goingAway, '/api/chat only sending');
  assert.equal(exitCode, 0);
});
