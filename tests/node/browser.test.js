// The demo web page in headless Chromium: three calls through @bffkit/client render their
// results, and they reach the server as ONE batch request.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { launchChromium } from './helpers/chromium.js';
import { root, startDemo } from './helpers/demo.js';

let demo;
let browser;

before(async () => {
  demo = await startDemo();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await demo?.stop();
});

test('the demo page renders three results that arrived in one batch request', async () => {
  await demo.resetCounts();
  const page = await browser.newPage();
  const apiRequests = [];
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.pathname.startsWith('/api/')) apiRequests.push(`${req.method()} ${url.pathname}`);
  });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));

  await page.goto(demo.base + '/');
  await page.waitForSelector('body[data-done="true"]', { timeout: 15_000 });

  assert.deepEqual(pageErrors, []);
  assert.equal(await page.textContent('#hello'), 'Hello browser!');
  assert.equal(await page.textContent('#info'), 'Hello ann!');
  assert.equal(await page.textContent('#list'), 'user10, user11, user12');

  assert.deepEqual(apiRequests, ['POST /api/_batch']);
  const counts = await demo.counts();
  assert.equal(counts.http['/api/_batch'], 1);
  assert.deepEqual(counts.batched, { '/api/hello': 1, '/api/user/ann/info': 1, '/api/user/list': 1 });

  const artifacts = path.join(root, 'target/e2e-artifacts');
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, 'demo-page.png'), fullPage: true });
  await page.close();
});
