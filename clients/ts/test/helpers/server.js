// In-process implementation of the bffkit wire protocol, for the unit tests.
import http from 'node:http';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * route(call) -> { status?, body?, delayMs?, hang?, raw?, contentType? } (may be async)
 * call = { method, path, query: {k: string|string[]}, body, headers }
 */
export async function startServer(route, opts = {}) {
  const state = {
    requests: [], // every HTTP request: { method, url, path, headers, body }
    executions: [], // every handler run (direct or inside a batch)
    batches: [], // parsed batch request bodies
  };
  const envelope = !!opts.envelope;
  const maxCalls = opts.maxCalls ?? 100;
  const batchPath = opts.batchPath ?? '/api/_batch';

  async function run(call) {
    state.executions.push(call);
    const r = (await route(call)) ?? {};
    if (r.delayMs) await sleep(r.delayMs);
    if (r.hang) return new Promise(() => {});
    const status = r.status ?? (r.body === undefined && !r.raw ? 204 : 200);
    let body = r.body;
    if (envelope && status < 400 && !r.raw) body = { data: body, msg: 'Success!', code: 10000 };
    return { status, body, raw: r.raw, contentType: r.contentType };
  }

  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url, 'http://x');
    state.requests.push({ method: req.method, url: req.url, path: url.pathname, headers: req.headers, body: raw });

    if (url.pathname === batchPath && req.method === 'POST') {
      let calls;
      try {
        calls = JSON.parse(raw).calls;
        if (!Array.isArray(calls)) throw new Error('calls must be an array');
      } catch (e) {
        return sendJson(res, 400, { code: 40000, msg: 'malformed batch: ' + e.message });
      }
      state.batches.push({ calls, headers: req.headers });
      if (calls.length > maxCalls) return sendJson(res, 413, { code: 41300, msg: 'too many calls', data: { max: maxCalls } });
      const stream = (req.headers.accept || '').includes('application/x-ndjson');
      const results = calls.map((c, index) =>
        run({ method: c.method, path: c.path, query: c.query ?? {}, body: c.body, headers: req.headers }).then((r) => {
          const line = { index, status: r.status };
          if (r.body !== undefined) line.body = r.body;
          return line;
        }),
      );
      if (stream) {
        res.writeHead(200, { 'content-type': 'application/x-ndjson' });
        res.flushHeaders();
        const pending = results.map((p) => p.then((line) => res.write(JSON.stringify(line) + '\n')));
        // "hang" calls never settle: end the stream once all others are written (early end).
        await Promise.race([Promise.all(pending), opts.endStreamAfterMs ? sleep(opts.endStreamAfterMs) : new Promise(() => {})]);
        return res.end();
      }
      return sendJson(res, 200, await Promise.all(results));
    }

    const query = {};
    url.searchParams.forEach((v, k) => {
      if (k in query) query[k] = [].concat(query[k], v);
      else query[k] = v;
    });
    let body = raw === '' ? undefined : raw;
    if ((req.headers['content-type'] || '').startsWith('application/json') && raw) body = JSON.parse(raw);
    const r = await run({ method: req.method, path: url.pathname, query, body, headers: req.headers });
    if (r.raw !== undefined) {
      res.writeHead(r.status, { 'content-type': r.contentType ?? 'text/plain' });
      return res.end(r.raw);
    }
    if (r.body === undefined) {
      res.writeHead(r.status);
      return res.end();
    }
    sendJson(res, r.status, r.body);
  });

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    ...state,
    state,
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

function sendJson(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Default route: echoes the call; `/api/slow?ms=N`, `/api/fail?status=S&code=C`. */
export function echoRoute(call) {
  if (call.path === '/api/slow') return { delayMs: Number(call.query.ms ?? 100), body: { slow: true, ms: Number(call.query.ms) } };
  if (call.path === '/api/fail') {
    return {
      status: Number(call.query.status ?? 400),
      body: { code: Number(call.query.code ?? 1), msg: call.query.msg ?? 'failed', data: { reason: 'because' } },
    };
  }
  if (call.path === '/api/empty') return { status: 204 };
  if (call.path === '/api/hang') return { hang: true };
  return { body: { method: call.method, path: call.path, query: call.query, body: call.body } };
}
