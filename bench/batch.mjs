// Batching benchmark: a simulated page of 20 calls to `GET /api/sleep?ms=N` (5–200 ms)
// through the real TS client runtime (clients/ts/dist), three ways:
//   separate       20 direct requests at once (`batch: false`), unlimited connections;
//   separate-6     the same through 6 connections at a time, like a browser on HTTP/1.1;
//   batched        one streamed batch request (`POST /api/_batch`, NDJSON).
// Prints one JSON object: per mode, the median total time and time to first result (ms).
//
// usage: node bench/batch.mjs BASE_URL [REPS]

import { createClient, BffError } from '../clients/ts/dist/index.js';

const baseUrl = process.argv[2];
const reps = Number(process.argv[3] ?? 5);
if (!baseUrl) {
  console.error('usage: node bench/batch.mjs BASE_URL [REPS]');
  process.exit(2);
}

const CALLS = 20;
// 5 to 200 ms, spread evenly, in a shuffled but fixed order.
const delays = Array.from({ length: CALLS }, (_, i) => Math.round(5 + (i * 195) / (CALLS - 1)));
const order = [7, 19, 2, 11, 0, 15, 4, 13, 9, 17, 1, 12, 6, 18, 3, 10, 14, 5, 16, 8];
const page = order.map((i) => delays[i]);

/** A fetch that lets at most `limit` requests (headers and body) run at once. */
function limitedFetch(limit) {
  let running = 0;
  const waiting = [];
  const acquire = () =>
    running < limit ? (running++, Promise.resolve()) : new Promise((r) => waiting.push(r));
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return async (url, init) => {
    await acquire();
    try {
      const res = await fetch(url, init);
      const body = await res.arrayBuffer();
      return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    } finally {
      release();
    }
  };
}

async function loadPage(client, options) {
  const start = performance.now();
  let first = null;
  await Promise.all(
    page.map((ms) =>
      client
        .call({ method: 'GET', path: '/api/sleep', query: { ms } }, options)
        .then((result) => {
          if (result?.slept_ms !== ms) throw new Error(`unexpected result for ms=${ms}: ${JSON.stringify(result)}`);
          first ??= performance.now() - start;
        }),
    ),
  );
  return { total: performance.now() - start, first };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function measure(makeClient, options) {
  await loadPage(makeClient(), options); // warm-up: connections, JIT
  const runs = [];
  for (let i = 0; i < reps; i++) runs.push(await loadPage(makeClient(), options));
  return {
    total_ms: median(runs.map((r) => r.total)),
    first_ms: median(runs.map((r) => r.first)),
    reps,
  };
}

const out = { calls: CALLS, delays_ms: page };
out.separate = await measure(() => createClient({ baseUrl, batch: false }), {});
out['separate-6'] = await measure(
  () => createClient({ baseUrl, batch: false, fetch: limitedFetch(6) }),
  {},
);
try {
  out.batched = await measure(() => createClient({ baseUrl }), {});
} catch (e) {
  if (e instanceof BffError && (e.status === 404 || e.status === 405)) {
    out.batched = { unavailable: 'batch endpoint not available in this build' };
  } else {
    throw e;
  }
}
console.log(JSON.stringify(out));
