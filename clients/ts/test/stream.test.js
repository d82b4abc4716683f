// client.stream against an in-process server speaking bffkit's NDJSON stream format:
// items in order, typed error lines, abort closing the connection, reconnecting with
// Last-Event-ID after a cut-off.
import test from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { EventEmitter, once } from 'node:events';
import { createClient, BffError } from '../dist/index.js';

/** Serves `handler(req, res, state)`; records every request's headers. */
async function serve(handler) {
  const state = { requests: [], closed: [], events: new EventEmitter() };
  const server = http.createServer((req, res) => {
    state.requests.push({ url: req.url, headers: req.headers });
    res.on('close', () => {
      state.closed.push(req.url);
      state.events.emit('closed');
    });
    handler(req, res, state);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const baseUrl = `http://127.0.0.1:${server.address().port}`;
  return {
    baseUrl,
    state,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    },
  };
}

const line = (value) => JSON.stringify(value) + '\n';
const ndjson = { 'content-type': 'application/x-ndjson' };

test('items arrive typed and in order; the end line finishes the loop', async () => {
  const srv = await serve((req, res) => {
    res.writeHead(200, ndjson);
    res.write(line({ id: '0', data: { n: 0 } }));
    res.write('\n'); // keep-alive
    res.write(line({ id: '1', data: { n: 1 } }));
    res.end(line({ end: true }));
  });
  try {
    const client = createClient({ baseUrl: srv.baseUrl });
    const seen = [];
    for await (const item of client.stream({ method: 'GET', path: '/api/ticks', query: { count: 2 } })) seen.push(item);
    assert.deepEqual(seen, [{ n: 0 }, { n: 1 }]);
    assert.equal(srv.state.requests[0].url, '/api/ticks?count=2');
    assert.equal(srv.state.requests[0].headers.accept, 'application/x-ndjson');
    assert.equal(srv.state.requests[0].headers['last-event-id'], undefined);
  } finally {
    await srv.close();
  }
});

test('an error line rejects with a BffError carrying its code, status and data', async () => {
  const srv = await serve((req, res) => {
    res.writeHead(200, ndjson);
    res.write(line({ id: '0', data: 1 }));
    res.end(line({ error: { code: 20008, msg: 'tick 1 failed', status: 409, data: { at: 1 } } }));
  });
  try {
    const client = createClient({ baseUrl: srv.baseUrl });
    const seen = [];
    await assert.rejects(
      (async () => {
        for await (const item of client.stream({ method: 'GET', path: '/api/ticks' }, { reconnect: true })) seen.push(item);
      })(),
      (err) => err instanceof BffError && err.code === 20008 && err.status === 409 && err.message === 'tick 1 failed' && err.data.at === 1,
    );
    assert.deepEqual(seen, [1]);
    assert.equal(srv.state.requests.length, 1, 'error events are not retried');
  } finally {
    await srv.close();
  }
});

test('an HTTP error before the stream rejects with the JSON error', async () => {
  const srv = await serve((req, res) => {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code: 20000, msg: '`from` must be at most 100' }));
  });
  try {
    const client = createClient({ baseUrl: srv.baseUrl });
    await assert.rejects(
      (async () => {
        for await (const _ of client.stream({ method: 'GET', path: '/api/countdown' }, { reconnect: 5 })) void _;
      })(),
      (err) => err instanceof BffError && err.status === 400 && err.code === 20000,
    );
    assert.equal(srv.state.requests.length, 1);
  } finally {
    await srv.close();
  }
});

test('a cut-off stream reconnects with Last-Event-ID when asked, and fails when not', async () => {
  const srv = await serve((req, res) => {
    res.writeHead(200, ndjson);
    const after = req.headers['last-event-id'];
    if (after === undefined) {
      res.write(line({ id: '0', data: 0 }));
      res.write(line({ id: '1', data: 1 }));
      res.end(); // cut off: no end line
    } else {
      const from = Number(after) + 1;
      res.write(line({ id: String(from), data: from }));
      res.end(line({ end: true }));
    }
  });
  try {
    const client = createClient({ baseUrl: srv.baseUrl });
    const seen = [];
    for await (const n of client.stream({ method: 'GET', path: '/api/ticks' }, { reconnect: true, retryDelayMs: 1 })) seen.push(n);
    assert.deepEqual(seen, [0, 1, 2]);
    assert.equal(srv.state.requests[1].headers['last-event-id'], '1');

    const partial = [];
    await assert.rejects(
      (async () => {
        for await (const n of client.stream({ method: 'GET', path: '/api/ticks' })) partial.push(n);
      })(),
      (err) => err instanceof BffError && err.status === 0 && /cut off/.test(err.message),
    );
    assert.deepEqual(partial, [0, 1]);
  } finally {
    await srv.close();
  }
});

test('aborting, or leaving the loop, closes the connection', async () => {
  const srv = await serve((req, res) => {
    res.writeHead(200, ndjson);
    let n = 0;
    const timer = setInterval(() => res.write(line({ id: String(n), data: n++ })), 5);
    res.on('close', () => clearInterval(timer));
  });
  try {
    const client = createClient({ baseUrl: srv.baseUrl });
    const controller = new AbortController();
    const seen = [];
    await assert.rejects(
      (async () => {
        for await (const n of client.stream({ method: 'GET', path: '/a' }, { signal: controller.signal, reconnect: true })) {
          seen.push(n);
          if (n === 2) controller.abort();
        }
      })(),
      (err) => err.name === 'AbortError',
    );
    assert.deepEqual(seen, [0, 1, 2]);

    for await (const n of client.stream({ method: 'GET', path: '/b' })) if (n === 1) break;
    // The server sees both connections close (an event, not a timer).
    while (srv.state.closed.length < 2) await once(srv.state.events, 'closed');
    assert.deepEqual(srv.state.closed.sort(), ['/a', '/b']);
  } finally {
    await srv.close();
  }
});
