// Mini-program platforms for Node: `wx` and `my` objects that follow the request,
// storage, sign-in and socket contracts of WeChat's and Alipay's official typings, backed
// by real HTTP (node:http, outside the page's context), and a `vm` context that holds only
// the ECMAScript built-ins, timers, `console` and the platform object, as a mini-program's
// JavaScript engine does.
import http from 'node:http';
import https from 'node:https';
import vm from 'node:vm';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { root } from './demo.js';

// Both typings list these; neither has PATCH.
const METHODS = ['OPTIONS', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'TRACE', 'CONNECT'];

/** Every request the platform sent: `{method, url, headers, aborted, chunks}`. */
function send(log, { url, method, headers, body, timeout, latencyMs, ca }, onResponse, onError) {
  const entry = { method, url, headers, aborted: false, chunks: 0, done: false };
  log.push(entry);
  let req;
  const start = () => {
    if (entry.aborted) return;
    // HTTPS verifies the server against `ca` (PEM) when given, else Node's roots.
    const transport = url.startsWith('https:') ? https : http;
    req = transport.request(url, { method, headers, agent: false, ca }, (res) => {
      // The way back takes the other half of the round trip (bench/miniprogram.mjs).
      if (latencyMs) setTimeout(() => onResponse(res, entry), latencyMs / 2);
      else onResponse(res, entry);
    });
    req.setTimeout(timeout, () => req.destroy(new Error('timeout')));
    req.on('error', (e) => {
      entry.done = true;
      onError(entry.aborted ? 'abort' : e.message);
    });
    req.end(body);
  };
  if (latencyMs) setTimeout(start, latencyMs / 2);
  else start();
  return {
    entry,
    abort() {
      entry.aborted = true;
      if (req) req.destroy();
      else onError('abort');
    },
  };
}

function bodyText(data, contentType) {
  if (data === undefined || typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  // Objects: JSON for application/json (the default), else urlencoded.
  if (/json/i.test(contentType)) return JSON.stringify(data);
  return new URLSearchParams(data).toString();
}

function arrayBuffer(buf) {
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
}

/** Response header names as sent, first value each. */
function rawHeaders(res) {
  const out = {};
  for (let i = 0; i < res.rawHeaders.length; i += 2) out[res.rawHeaders[i]] ??= res.rawHeaders[i + 1];
  return out;
}

/**
 * WeChat's `wx` (`miniprogram-api-typings` 5.x). `latencyMs`: a network round trip added
 * to every request (half each way), for the benchmark.
 */
export function fakeWechat({ latencyMs = 0, ca } = {}) {
  const storage = new Map();
  const log = [];
  let codes = 0;
  const wx = {
    request(o) {
      const method = (o.method ?? 'GET').toUpperCase();
      const header = { 'content-type': 'application/json', ...(o.header ?? {}) };
      const listeners = [];
      if (!METHODS.includes(method)) {
        setTimeout(() => o.fail?.({ errMsg: `request:fail method ${method} is not supported`, errno: 600009 }));
        return { abort() {}, onChunkReceived() {}, offChunkReceived() {}, onHeadersReceived() {}, offHeadersReceived() {} };
      }
      let url = o.url;
      let body = bodyText(o.data, header['content-type'] ?? '');
      if (method === 'GET' && o.data !== undefined) {
        url += (url.includes('?') ? '&' : '?') + (typeof o.data === 'string' ? o.data : new URLSearchParams(o.data));
        body = undefined;
      }
      const sent = send(log, { url, method, headers: header, body, timeout: o.timeout ?? 60000, latencyMs, ca }, (res, entry) => {
        const parts = [];
        res.on('data', (c) => {
          entry.chunks++;
          if (o.enableChunked) for (const l of listeners) l({ data: arrayBuffer(c) });
          else parts.push(c);
        });
        res.on('end', () => {
          entry.done = true;
          if (entry.aborted) return;
          const buf = Buffer.concat(parts);
          let data;
          if (o.enableChunked || o.responseType === 'arraybuffer') data = arrayBuffer(buf);
          else {
            data = buf.toString('utf8');
            if ((o.dataType ?? 'json') === 'json') {
              try {
                data = JSON.parse(data);
              } catch {}
            }
          }
          // Every status is a success: the status is in `statusCode`.
          o.success?.({ data, statusCode: res.statusCode, header: rawHeaders(res), cookies: [], errMsg: 'request:ok' });
        });
        res.on('error', () => {});
      }, (msg) => o.fail?.({ errMsg: `request:fail ${msg}`, errno: msg === 'abort' ? 1 : 600001 }));
      return {
        abort: () => sent.abort(),
        onChunkReceived: (l) => listeners.push(l),
        offChunkReceived: (l) => listeners.splice(listeners.indexOf(l) >>> 0, 1),
        onHeadersReceived() {},
        offHeadersReceived() {},
      };
    },
    login(o) {
      setTimeout(() => o.success?.({ code: `wx-code-${++codes}-${process.pid}`, errMsg: 'login:ok' }));
    },
    getStorageSync: (key) => (storage.has(key) ? storage.get(key) : ''),
    setStorageSync: (key, data) => void storage.set(key, data),
    removeStorageSync: (key) => void storage.delete(key),
    connectSocket(o) {
      const ws = new WebSocket(o.url);
      log.push({ method: 'WEBSOCKET', url: o.url, headers: o.header ?? {} });
      return {
        send: ({ data }) => ws.send(data),
        close: ({ code, reason } = {}) => ws.close(code ?? 1000, reason),
        onOpen: (l) => ws.addEventListener('open', () => l({ header: {} })),
        onMessage: (l) => ws.addEventListener('message', (e) => l({ data: e.data })),
        onClose: (l) => ws.addEventListener('close', (e) => l({ code: e.code, reason: e.reason })),
        onError: (l) => ws.addEventListener('error', () => l({ errMsg: 'socket error' })),
      };
    },
  };
  return { platform: wx, storage, log };
}

/**
 * Alipay's `my` (`@mini-types/my` 3.x): `headers`, `status`, `dataType`, and `fail` with
 * error 19 for a status outside 2xx. `answerOnFail`: whether that failure carries the
 * answer (`status`, `data`, `headers`), as the client expects of the base libraries it
 * supports; without it the client must still fail clearly.
 */
export function fakeAlipay({ answerOnFail = true } = {}) {
  const storage = new Map();
  const log = [];
  let codes = 0;
  const my = {
    request(o) {
      const method = (o.method ?? 'GET').toUpperCase();
      const headers = { 'content-type': 'application/json', ...(o.header ?? {}), ...(o.headers ?? {}) };
      if (!METHODS.includes(method)) {
        setTimeout(() => o.fail?.({ error: 2, errorMessage: `invalid method ${method}` }));
        return { abort() {} };
      }
      let url = o.url;
      let body = bodyText(o.data, headers['content-type']);
      if (method === 'GET' && o.data !== undefined) {
        url += (url.includes('?') ? '&' : '?') + (typeof o.data === 'string' ? o.data : new URLSearchParams(o.data));
        body = undefined;
      }
      const sent = send(log, { url, method, headers, body, timeout: o.timeout ?? 30000 }, (res, entry) => {
        const parts = [];
        res.on('data', (c) => {
          entry.chunks++;
          parts.push(c);
        });
        res.on('end', () => {
          entry.done = true;
          if (entry.aborted) return;
          const text = Buffer.concat(parts).toString('utf8');
          const dataType = o.dataType ?? 'json';
          let data = text;
          if (dataType === 'json') {
            try {
              data = JSON.parse(text);
            } catch {
              return o.fail?.({ error: 14, errorMessage: 'JSON parse data error' });
            }
          }
          const answer = { data, status: res.statusCode, headers: rawHeaders(res) };
          if (res.statusCode >= 200 && res.statusCode < 300) return o.success?.(answer);
          o.fail?.(answerOnFail ? { error: 19, errorMessage: 'http status error', ...answer } : { error: 19, errorMessage: 'http status error' });
        });
      }, (msg) => o.fail?.(msg === 'abort' ? { error: 9, errorMessage: 'abort' } : msg === 'timeout' ? { error: 13, errorMessage: 'timeout' } : { error: 12, errorMessage: msg }));
      return { abort: () => sent.abort() };
    },
    getAuthCode(o) {
      setTimeout(() => o.success?.({ authCode: `ali-code-${++codes}-${process.pid}`, authErrorScopes: {}, authSuccessScopes: ['auth_base'] }));
    },
    getStorageSync: ({ key }) => ({ data: storage.has(key) ? storage.get(key) : null }),
    setStorageSync: ({ key, data }) => (storage.set(key, data), { success: true }),
    removeStorageSync: ({ key }) => (storage.delete(key), { success: true }),
    connectSocket(o) {
      const ws = new WebSocket(o.url);
      log.push({ method: 'WEBSOCKET', url: o.url, headers: o.header ?? {} });
      return {
        send: ({ data }) => ws.send(data),
        close: ({ code, reason } = {}) => ws.close(code ?? 1000, reason),
        onOpen: (l) => ws.addEventListener('open', () => l({ data: { socketTaskID: '1' } })),
        onMessage: (l) => ws.addEventListener('message', (e) => l({ data: { socketTaskID: '1', data: e.data, isBuffer: false } })),
        onClose: (l) => ws.addEventListener('close', () => l({ data: { socketTaskID: '1' } })),
        onError: (l) => ws.addEventListener('error', () => l({ data: { socketTaskID: '1' } })),
      };
    },
  };
  return { platform: my, storage, log };
}

/** A context with only ECMAScript built-ins, timers, `console` and `globals` (the platform object). */
export function miniProgramContext(globals) {
  return vm.createContext({ console, setTimeout, clearTimeout, setInterval, clearInterval, ...globals });
}

/**
 * The generated client and what it imports, as one ES2017 script defining `api`; a client
 * importing `@bffkit/client/<target>` gets the runtime's sources.
 */
export async function bundleClient(entry) {
  const esbuild = await import(path.join(root, 'clients/ts/node_modules/esbuild/lib/main.js'));
  const out = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    globalName: 'api',
    target: 'es2017',
    alias: Object.fromEntries(['wechat', 'alipay'].map((t) => [`@bffkit/client/${t}`, path.join(root, `clients/ts/src/${t}.ts`)])),
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0].text;
}

/** scripts/fake_platforms.py: fake WeChat (jscode2session) and Alipay (signed gateway). */
export async function startFakePlatforms() {
  const child = spawn('python3', [path.join(root, 'scripts/fake_platforms.py')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`fake_platforms.py exited with ${code}`)));
    createInterface({ input: child.stdout }).once('line', resolve);
  });
  const m = /^wechat=(\S+) alipay=(\S+)$/.exec(line);
  if (!m) throw new Error(`unexpected fake_platforms.py line: ${line}`);
  return { wechat: m[1], alipay: m[2], stop: () => child.kill() };
}

/** The demo's environment for signing in against the fake platforms. */
export function signInEnv(platforms) {
  return {
    BFFKIT_WECHAT_APPID: 'wx-node-test',
    BFFKIT_WECHAT_SECRET: 'node-secret',
    BFFKIT_WECHAT_BASE_URL: platforms.wechat,
    BFFKIT_ALIPAY_APP_ID: '2021000000000001',
    BFFKIT_ALIPAY_GATEWAY: platforms.alipay,
    BFFKIT_ALIPAY_PRIVATE_KEY_PATH: path.join(root, 'tests/fixtures/alipay_app_private_key.pem'),
    BFFKIT_ALIPAY_PUBLIC_KEY_PATH: path.join(root, 'tests/fixtures/alipay_gateway_public_key.pem'),
  };
}
