// The generated wechat client in the mini-program context, over HTTPS served by the demo
// itself (`[server.tls]`) with a certificate from a CA made for this test (openssl): the
// platform's requests verify the certificate against that CA, as a phone verifies the
// allow-listed domain's: calls, a batch, a typed error and sign-in get through.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import { root, startDemo } from './helpers/demo.js';
import { bundleClient, fakeWechat, miniProgramContext, signInEnv, startFakePlatforms } from './helpers/miniprogram.js';
import { makeCertificates } from './helpers/test-ca.js';

const dir = mkdtempSync(join(tmpdir(), 'bffkit-mini-https-'));
let demo;
let platforms;

let files;

before(async () => {
  files = makeCertificates(dir);
  platforms = await startFakePlatforms();
  demo = await startDemo({ ...signInEnv(platforms), BFFKIT_TLS_CERT_FILE: files.cert, BFFKIT_TLS_KEY_FILE: files.key });
});

after(async () => {
  await demo?.stop();
  platforms?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('the wechat client in the mini-program context calls the demo over verified HTTPS', async () => {
  assert.match(demo.base, /^https:\/\/127\.0\.0\.1:\d+$/);
  const out = join(dir, 'api.ts');
  // The manifest comes over the same HTTPS: the CLI trusts the test CA through SSL_CERT_FILE.
  execFileSync(join(root, 'target/debug/bffkit'), ['client', '--from', `${demo.base}/api/_manifest`, '--out', out,
    '--target', 'wechat', '--standalone', '--base-url', demo.base], { env: { ...process.env, SSL_CERT_FILE: files.ca } });

  const fake = fakeWechat({ ca: readFileSync(files.ca) });
  const context = miniProgramContext({ wx: fake.platform });
  vm.runInContext(await bundleClient(out), context, { filename: 'wechat-api.js' });
  const api = context.api;

  assert.equal((await api.getHello({ query: { name: 'TLS' } })).message, 'Hello TLS!');
  assert.equal((await api.postHello({ data: { name: 'h2' } })).message, 'Hello h2!');
  // Two calls in one tick: one batch request, over the same HTTPS.
  const before = fake.log.length;
  const [a, b] = await Promise.all([api.getHello({ query: { name: 'a' } }), api.getHello({ query: { name: 'b' } })]);
  assert.deepEqual([a.message, b.message], ['Hello a!', 'Hello b!']);
  const batch = fake.log.slice(before);
  assert.deepEqual(batch.map((r) => [r.method, new URL(r.url).pathname]), [['POST', '/api/_batch']]);
  // A typed error comes through TLS like any answer.
  await assert.rejects(api.getItemByLevelAndId(1, 0), (e) => e instanceof api.BffError && e.status === 404 && e.code === 20005);
  // signIn() → a signed-in call → signOut(), all over the same HTTPS.
  const session = await api.signIn();
  assert.equal((await api.getMe()).provider, 'wechat');
  assert.equal(fake.log.at(-1).headers.authorization, `Bearer ${session.token}`);
  await api.signOut();
  assert.equal(fake.storage.has('bffkit.session'), false);
  assert.ok(fake.log.every((r) => r.url.startsWith('https://127.0.0.1:')), JSON.stringify(fake.log));

  // Without the CA the platform refuses the certificate, and the call fails as unreachable.
  const untrusting = fakeWechat();
  const refused = miniProgramContext({ wx: untrusting.platform });
  vm.runInContext(await bundleClient(out), refused, { filename: 'wechat-api.js' });
  await assert.rejects(refused.api.getHello({ query: { name: 'x' } }), (e) => e.status === 0);
});
