// A mini-program page load: 10 calls in one tick through the WeChat transport of
// @bffkit/client (one streamed batch request over `wx.request`), against 10 separate
// `wx.request` calls as a hand-written page makes them. `wx` is the fake of
// tests/node/helpers/miniprogram.js: WeChat's request contract over real HTTP to the demo
// (target/debug/bffkit-demo), optionally with a network round trip added per request.
// Prints one JSON line per round-trip setting: requests sent and the median time to the
// last answer (ms) per mode.
//
// usage: node bench/miniprogram.mjs [REPS] [RTT_MS...]      (defaults: 21 reps; 0 and 60 ms)

import { createClient } from '../clients/ts/dist/wechat.js';
import { startDemo } from '../tests/node/helpers/demo.js';
import { fakeWechat } from '../tests/node/helpers/miniprogram.js';

const reps = Number(process.argv[2] ?? 21);
const rtts = process.argv.length > 3 ? process.argv.slice(3).map(Number) : [0, 60];
const CALLS = 10;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const demo = await startDemo();
try {
  for (const rtt of rtts) {
    const result = { calls: CALLS, rtt_ms: rtt, reps };
    for (const mode of ['batched', 'separate']) {
      const times = [];
      let requests = 0;
      for (let r = 0; r < reps + 1; r++) {
        const fake = fakeWechat({ latencyMs: rtt });
        const wx = fake.platform;
        const client = createClient({ platform: wx, baseUrl: demo.base });
        const started = performance.now();
        if (mode === 'batched') {
          await Promise.all(Array.from({ length: CALLS }, (_, i) => client.call({ method: 'GET', path: '/api/hello', query: { name: `u${r}-${i}` } })));
        } else {
          // What a page does without the client: one wx.request per call.
          await Promise.all(Array.from({ length: CALLS }, (_, i) => new Promise((resolve, reject) =>
            wx.request({ url: `${demo.base}/api/hello?name=u${r}-${i}`, success: (res) => (res.statusCode === 200 ? resolve(res.data) : reject(res)), fail: reject }))));
        }
        // The first rep warms the server up and is not counted.
        if (r > 0) {
          times.push(performance.now() - started);
          requests = fake.log.length;
        }
      }
      result[mode] = { requests, last_answer_ms: Math.round(median(times) * 10) / 10 };
    }
    console.log(JSON.stringify(result));
  }
} finally {
  await demo.stop();
}
