// @bffkit/client, bundled into one file by `bffkit client --standalone` (bffkit 0.1.0).
// Generated; do not edit.

// ---- error.ts
/** Every non-success of a call surfaces as a BffError (aborts excepted). */
export class BffError extends Error {
  /** HTTP status of the call; 0 when no response was received for it. */
  status: number;
  /** Application error code from the `{code, msg}` body; 0 when the body had none. */
  code: number;
  data?: unknown;
  cause?: unknown;

  constructor(status: number, code: number, message: string, data?: unknown, cause?: unknown) {
    super(message);
    // Keeps instanceof working when compiled down or bundled into older targets.
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = 'BffError';
    this.status = status;
    this.code = code;
    if (data !== undefined) this.data = data;
    if (cause !== undefined) this.cause = cause;
  }
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Builds the error for a status >= 400 from whatever body came with it. */
export function errorFromBody(status: number, statusText: string | undefined, body: unknown): BffError {
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const o = body as Record<string, unknown>;
    const code = typeof o.code === 'number' ? o.code : Number(o.code);
    if ('code' in o && Number.isFinite(code)) {
      const msg = typeof o.msg === 'string' ? o.msg : statusText || reason(status);
      return new BffError(status, code, msg, o.data);
    }
  }
  return new BffError(status, 0, statusText || reason(status), body);
}

function reason(status: number): string {
  return REASONS[status] ?? `HTTP ${status}`;
}

export function abortError(): Error {
  if (typeof DOMException === 'function') {
    return new DOMException('The operation was aborted.', 'AbortError');
  }
  const err = new Error('The operation was aborted.');
  err.name = 'AbortError';
  return err;
}

/** Same rejection value fetch uses for an aborted signal. */
export function abortReason(signal: AbortSignal): unknown {
  const r = (signal as AbortSignal & { reason?: unknown }).reason;
  return r !== undefined ? r : abortError();
}

// ---- ndjson.ts
/**
 * Incremental line splitter: feed decoded text in arbitrary chunks,
 * get back every complete, non-blank line (without `\n` / `\r\n`).
 */
export class LineSplitter {
  private buf = '';

  push(text: string): string[] {
    const lines: string[] = [];
    let start = 0;
    let nl = text.indexOf('\n');
    // Only the new text is scanned, so long lines spread over many chunks stay linear.
    while (nl >= 0) {
      const piece = text.slice(start, nl);
      const line = this.buf ? this.buf + piece : piece;
      this.buf = '';
      emit(lines, line);
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    if (start < text.length) this.buf += text.slice(start);
    return lines;
  }

  /** The trailing line that had no `\n`, if any. */
  end(): string[] {
    const lines: string[] = [];
    emit(lines, this.buf);
    this.buf = '';
    return lines;
  }
}

function emit(lines: string[], line: string): void {
  if (line.endsWith('\r')) line = line.slice(0, -1);
  if (line.trim() !== '') lines.push(line);
}

/** Yields lines of a byte stream as they complete (UTF-8, split-safe). */
export async function* readLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string, void, undefined> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const splitter = new LineSplitter();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (const line of splitter.push(decoder.decode(value, { stream: true }))) yield line;
    }
    finished = true;
    for (const line of splitter.push(decoder.decode())) yield line;
    for (const line of splitter.end()) yield line;
  } finally {
    // Consumer stopped early or read failed: release the connection.
    if (!finished) reader.cancel().catch(() => {});
    else reader.releaseLock();
  }
}

// ---- response.ts

/** Parses a response body: empty → undefined, JSON when it parses, else the text. */
export async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (text === '') return undefined;
  const ct = res.headers.get('content-type') || '';
  if (ct && !/json/i.test(ct)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Turns (status, body) into the caller's value, or throws a BffError. */
export function settle(status: number, statusText: string | undefined, body: unknown, envelope: boolean): unknown {
  if (status >= 400) throw errorFromBody(status, statusText, body);
  return envelope ? unwrapEnvelope(body) : body;
}

/** `{data, msg, code}` → data; anything else (e.g. a 204's undefined) passes through. */
export function unwrapEnvelope(body: unknown): unknown {
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const o = body as Record<string, unknown>;
    if ('code' in o && 'msg' in o) return o.data;
  }
  return body;
}

// ---- batcher.ts

export const NDJSON = 'application/x-ndjson';

export interface BatcherConfig {
  batchPath: string;
  mergeWindowMs: number;
  maxBatchSize: number;
}

interface Entry {
  call: NormalizedCall;
  stream: boolean;
  signal?: AbortSignal;
  done: boolean;
  resolve(value: unknown): void;
  reject(err: unknown): void;
  detach?: () => void;
  /** Aborts the HTTP request this entry rides in once nobody in it is waiting. */
  group?: { entries: Entry[]; controller: AbortController };
}

interface WireCall {
  method: string;
  path: string;
  query?: WireQuery;
  body?: unknown;
}

/** Collects calls for one merge window, then sends them as batch requests. */
export class Batcher {
  private queue: Entry[] = [];
  private scheduled = false;

  constructor(
    private readonly transport: Transport,
    private readonly config: BatcherConfig,
  ) {}

  enqueue(call: NormalizedCall, stream: boolean, signal?: AbortSignal): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const entry: Entry = { call, stream, signal, done: false, resolve, reject };
      if (signal) {
        const onAbort = () => this.abortEntry(entry);
        signal.addEventListener('abort', onAbort, { once: true });
        entry.detach = () => signal.removeEventListener('abort', onAbort);
      }
      this.queue.push(entry);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      this.flush();
    };
    if (this.config.mergeWindowMs > 0) setTimeout(run, this.config.mergeWindowMs);
    else queueMicrotask(run);
  }

  private flush(): void {
    const entries = this.queue.filter((e) => !e.done);
    this.queue = [];
    const streamed = entries.filter((e) => e.stream);
    const plain = entries.filter((e) => !e.stream);
    const max = this.config.maxBatchSize;
    for (const group of [streamed, plain]) {
      for (let i = 0; i < group.length; i += max) this.dispatch(group.slice(i, i + max));
    }
  }

  private dispatch(entries: Entry[]): void {
    if (entries.length === 1) {
      // A lone call goes out as a plain request: cheaper, and keeps its own headers/cookies.
      const e = entries[0];
      this.transport.direct(e.call, e.signal).then(
        (v) => this.fulfil(e, v),
        (err) => this.fail(e, err),
      );
      return;
    }
    const group = { entries, controller: new AbortController() };
    for (const e of entries) e.group = group;
    void this.runBatch(entries, entries[0].stream, group.controller.signal);
  }

  private async runBatch(entries: Entry[], stream: boolean, signal: AbortSignal): Promise<void> {
    const envelope = this.transport.config.envelope;
    const take = (item: unknown) => {
      if (item === null || typeof item !== 'object') return;
      const { index, status, body } = item as { index?: unknown; status?: unknown; body?: unknown };
      const e = typeof index === 'number' ? entries[index] : undefined;
      if (!e || e.done) return;
      try {
        this.fulfil(e, settle(typeof status === 'number' ? status : 200, undefined, body, envelope));
      } catch (err) {
        this.fail(e, err);
      }
    };
    try {
      const calls = entries.map((e) => toWire(e.call));
      const url = this.transport.config.baseUrl + this.config.batchPath;
      const res = await this.transport.send(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: stream ? NDJSON : 'application/json' },
        body: JSON.stringify({ calls }),
        signal,
      });
      if (res.status >= 400) throw errorFromBody(res.status, res.statusText, await readBody(res));
      const ct = res.headers.get('content-type') || '';
      if (/ndjson/i.test(ct) && res.body) {
        for await (const line of readLines(res.body)) {
          take(parseLine(line));
          if (entries.every((e) => e.done)) break;
        }
      } else {
        // Whole-body fallback: a JSON array, or NDJSON text when no stream body is available.
        const text = await res.text();
        const trimmed = text.trim();
        if (trimmed.startsWith('[')) {
          const arr: unknown = JSON.parse(trimmed);
          if (Array.isArray(arr)) arr.forEach(take);
        } else {
          for (const line of trimmed.split('\n')) take(parseLine(line));
        }
      }
      const msg = stream ? 'batch stream ended early' : 'batch response is missing this call';
      for (let i = 0; i < entries.length; i++) {
        this.fail(entries[i], new BffError(0, 0, `${msg} (no result for call ${i}: ${entries[i].call.method} ${entries[i].call.path})`));
      }
    } catch (err) {
      const e = err instanceof BffError || (err as Error)?.name === 'AbortError'
        ? err
        : new BffError(0, 0, (err as Error)?.message || 'batch request failed', undefined, err);
      for (const entry of entries) this.fail(entry, e);
    }
  }

  private abortEntry(entry: Entry): void {
    if (entry.done || !entry.signal) return;
    this.fail(entry, abortReason(entry.signal));
    const g = entry.group;
    if (g && g.entries.every((e) => e.done)) g.controller.abort();
  }

  private fulfil(e: Entry, value: unknown): void {
    if (e.done) return;
    e.done = true;
    e.detach?.();
    e.resolve(value);
  }

  private fail(e: Entry, err: unknown): void {
    if (e.done) return;
    e.done = true;
    e.detach?.();
    e.reject(err);
  }
}

function toWire(call: NormalizedCall): WireCall {
  const w: WireCall = { method: call.method, path: call.path };
  if (call.query) w.query = call.query;
  if (call.data !== undefined) w.body = call.data;
  return w;
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined; // a malformed line leaves its call to the "ended early" error
  }
}

// ---- cache.ts

/** Successful GET results, kept for a fixed TTL. */
export class ResultCache {
  private map = new Map<string, { value: unknown; expires: number }>();
  private generation = 0;

  constructor(private readonly ttlMs: number) {}

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  get(key: string): { value: unknown } | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    if (hit.expires <= Date.now()) {
      this.map.delete(key);
      return undefined;
    }
    return { value: hit.value };
  }

  /** Token to pass to `set`, so a request started before `clear()` can't refill the cache. */
  token(): number {
    return this.generation;
  }

  set(key: string, value: unknown, token: number): void {
    if (!this.enabled || token !== this.generation) return;
    const now = Date.now();
    if (this.map.size >= 1000) for (const [k, v] of this.map) if (v.expires <= now) this.map.delete(k);
    this.map.set(key, { value, expires: now + this.ttlMs });
  }

  clear(): void {
    this.map.clear();
    this.generation++;
  }
}

interface Shared {
  promise: Promise<unknown>;
  controller: AbortController;
  subscribers: number;
}

/**
 * Identical in-flight calls share one execution. Each caller can abort on its own;
 * the execution itself is aborted only when every caller has left.
 */
export class InflightMap {
  private map = new Map<string, Shared>();

  join(key: string, signal: AbortSignal | undefined, start: (signal: AbortSignal) => Promise<unknown>): Promise<unknown> {
    let shared = this.map.get(key);
    if (!shared) {
      const controller = new AbortController();
      const s: Shared = { promise: start(controller.signal), controller, subscribers: 0 };
      this.map.set(key, s);
      const forget = () => this.forget(key, s);
      s.promise.then(forget, forget);
      shared = s;
    }
    shared.subscribers++;
    return this.subscribe(key, shared, signal);
  }

  clear(): void {
    this.map.clear();
  }

  private forget(key: string, s: Shared): void {
    if (this.map.get(key) === s) this.map.delete(key);
  }

  private subscribe(key: string, s: Shared, signal: AbortSignal | undefined): Promise<unknown> {
    if (!signal) return s.promise;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        reject(abortReason(signal));
        if (--s.subscribers === 0) {
          this.forget(key, s);
          s.controller.abort();
        }
      };
      signal.addEventListener('abort', onAbort, { once: true });
      s.promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }
}

// ---- query.ts
export type QueryValue = string | number | boolean | bigint | null;
export type Query = Record<string, QueryValue | QueryValue[] | undefined>;
/** Wire form of a query: every value a string or an array of strings. */
export type WireQuery = Record<string, string | string[]>;

/** Drops undefined/null (and empty arrays), stringifies numbers/booleans. */
export function normalizeQuery(query: Query | undefined): WireQuery | undefined {
  if (!query) return undefined;
  const out: WireQuery = {};
  let any = false;
  for (const key of Object.keys(query)) {
    const v = query[key];
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) {
      const items = v.filter((x) => x !== undefined && x !== null).map(String);
      if (items.length === 0) continue;
      out[key] = items;
    } else {
      out[key] = String(v);
    }
    any = true;
  }
  return any ? out : undefined;
}

/** Merges a query string embedded in `path` into the explicit query. */
export function splitPath(path: string, query: WireQuery | undefined): { path: string; query: WireQuery | undefined } {
  const q = path.indexOf('?');
  if (q < 0) return { path, query };
  const out: WireQuery = {};
  new URLSearchParams(path.slice(q + 1)).forEach((value, key) => append(out, key, value));
  if (query) {
    for (const key of Object.keys(query)) {
      const v = query[key];
      for (const item of Array.isArray(v) ? v : [v]) append(out, key, item);
    }
  }
  return { path: path.slice(0, q), query: Object.keys(out).length ? out : undefined };
}

function append(out: WireQuery, key: string, value: string): void {
  const cur = out[key];
  if (cur === undefined) out[key] = value;
  else if (Array.isArray(cur)) cur.push(value);
  else out[key] = [cur, value];
}

/** `a=1&b=x&b=y`, without the leading `?`; repeated keys for arrays. */
export function encodeQuery(query: WireQuery | undefined, sortKeys = false): string {
  if (!query) return '';
  const params = new URLSearchParams();
  const keys = Object.keys(query);
  if (sortKeys) keys.sort();
  for (const key of keys) {
    const v = query[key];
    for (const item of Array.isArray(v) ? v : [v]) params.append(key, item);
  }
  return params.toString();
}

// ---- call.ts

/** A call after validation: upper-case method, path without `?`, wire-form query. */
export interface NormalizedCall {
  method: string;
  path: string;
  query?: WireQuery;
  data?: unknown;
  body?: string;
  formData?: FormData;
  formUrlencoded?: string | Record<string, string> | URLSearchParams;
  headers?: Record<string, string>;
}

export function normalizeCall(input: CallInput): NormalizedCall {
  if (!input || typeof input.path !== 'string' || typeof input.method !== 'string') {
    throw new TypeError('bffkit: call input needs a string method and path');
  }
  const kinds = [input.data, input.body, input.formData, input.formUrlencoded].filter((x) => x !== undefined);
  if (kinds.length > 1) {
    throw new TypeError('bffkit: give at most one of data, body, formData, formUrlencoded');
  }
  const { path, query } = splitPath(input.path, normalizeQuery(input.query));
  const call: NormalizedCall = { method: input.method.toUpperCase(), path };
  if (query) call.query = query;
  if (input.data !== undefined) call.data = input.data;
  if (input.body !== undefined) call.body = input.body;
  if (input.formData !== undefined) call.formData = input.formData;
  if (input.formUrlencoded !== undefined) call.formUrlencoded = input.formUrlencoded;
  const headers = lowerHeaders(input.headers);
  if (Object.keys(headers).length) call.headers = headers;
  return call;
}

export function lowerHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers) for (const k of Object.keys(headers)) if (headers[k] !== undefined) out[k.toLowerCase()] = headers[k];
  return out;
}

export function isBatchable(call: NormalizedCall): boolean {
  return call.body === undefined && call.formData === undefined && call.formUrlencoded === undefined && !call.headers;
}

/** GET/HEAD share executions and (GET) cache results. */
export function isShareable(call: NormalizedCall): boolean {
  return call.method === 'GET' || call.method === 'HEAD';
}

/** Identity of a call for dedup/cache: method, path, sorted query, sorted headers, data. */
export function callKey(call: NormalizedCall): string {
  let key = `${call.method} ${call.path}?${encodeQuery(call.query, true)}`;
  if (call.headers) {
    const h = call.headers;
    key += ' ' + JSON.stringify(Object.keys(h).sort().map((k) => [k, h[k]]));
  }
  if (call.data !== undefined) key += ' ' + JSON.stringify(call.data);
  return key;
}

// ---- stream.ts

/** Options of a streaming call (an operation whose lambda returns `EventStream<T>`). */
export interface StreamOptions {
  /** Aborting closes the connection, which stops the server's producer. */
  signal?: AbortSignal;
  /**
   * Reconnect when the stream is cut off (it closed without its end, or the connection
   * failed): `true` for up to 3 attempts in a row, or the number of attempts. Each
   * reconnect sends `Last-Event-ID`, so the server resumes after the last item received.
   * Off by default. Error events and HTTP errors are never retried.
   */
  reconnect?: boolean | number;
  /** Wait between reconnects, in milliseconds (default 1000). */
  retryDelayMs?: number;
  /** Resume after this event id from the first request on. */
  lastEventId?: string;
}

/**
 * The items of a streaming operation, read as NDJSON (`{id, data}` lines, then
 * `{end: true}` or `{error}`). Iterating again makes a new request; breaking out of the
 * loop closes the connection.
 */
export function streamCall<T>(transport: Transport, call: NormalizedCall, options: StreamOptions = {}): AsyncIterable<T> {
  return { [Symbol.asyncIterator]: () => items<T>(transport, call, options) };
}

interface Line {
  id?: string;
  data?: unknown;
  error?: { code?: unknown; msg?: unknown; data?: unknown; status?: unknown };
  end?: boolean;
}

async function* items<T>(transport: Transport, call: NormalizedCall, options: StreamOptions): AsyncGenerator<T, void, undefined> {
  const { signal } = options;
  const attempts = options.reconnect === true ? 3 : typeof options.reconnect === 'number' ? Math.max(0, options.reconnect) : 0;
  const delayMs = Math.max(0, options.retryDelayMs ?? 1000);
  let lastId = options.lastEventId;
  let failures = 0;
  for (;;) {
    if (signal?.aborted) throw abortReason(signal);
    let cause: unknown;
    try {
      const res = await open(transport, call, lastId, signal);
      if (!res.ok) throw errorFromBody(res.status, res.statusText, await readBody(res));
      if (!res.body) throw new BffError(res.status, 0, 'the stream response has no body');
      for await (const text of readLines(res.body)) {
        const line = parse(text);
        if (line.error !== undefined) throw streamError(line.error);
        if (line.end === true) return;
        if ('data' in line) {
          if (typeof line.id === 'string') lastId = line.id;
          failures = 0;
          yield line.data as T;
        }
      }
    } catch (err) {
      if (signal?.aborted) throw abortReason(signal);
      // The server said no, or failed mid-stream: final.
      if (err instanceof BffError && err.status !== 0) throw err;
      cause = err;
    }
    if (failures >= attempts) {
      if (cause instanceof BffError) throw cause;
      throw new BffError(0, 0, 'the stream was cut off before its end', undefined, cause);
    }
    failures += 1;
    await sleep(delayMs, signal);
  }
}

function open(transport: Transport, call: NormalizedCall, lastId: string | undefined, signal?: AbortSignal): Promise<Response> {
  const qs = encodeQuery(call.query);
  const url = transport.config.baseUrl + call.path + (qs ? '?' + qs : '');
  const headers: Record<string, string> = { accept: 'application/x-ndjson' };
  let body: string | undefined;
  if (call.data !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(call.data);
  }
  Object.assign(headers, call.headers);
  if (lastId !== undefined) headers['last-event-id'] = lastId;
  return transport.send(url, { method: call.method, headers, body, signal });
}

function parse(text: string): Line {
  let line: unknown;
  try {
    line = JSON.parse(text);
  } catch (err) {
    throw new BffError(0, 0, `malformed stream line: ${text.slice(0, 80)}`, undefined, err);
  }
  if (line === null || typeof line !== 'object') throw new BffError(0, 0, `malformed stream line: ${text.slice(0, 80)}`);
  return line as Line;
}

/** `{error: {code, msg, data?, status}}`: the status the error would have answered with. */
function streamError(error: Line['error']): BffError {
  const status = typeof error?.status === 'number' && error.status > 0 ? error.status : 500;
  return errorFromBody(status, undefined, error);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

// ---- transport.ts

export interface TransportConfig {
  baseUrl: string;
  fetch?: typeof fetch;
  headers?: HeadersOption;
  interceptor?: Interceptor;
  envelope: boolean;
}

interface SendInit {
  method: string;
  headers: Record<string, string>;
  body?: BodyInit;
  signal?: AbortSignal;
}

/** Every HTTP request the client makes goes through `send` (headers, interceptor, fetch). */
export class Transport {
  constructor(readonly config: TransportConfig) {}

  async send(url: string, init: SendInit): Promise<Response> {
    const h = this.config.headers;
    const defaults = lowerHeaders(typeof h === 'function' ? await h() : h);
    let req = { url, init: { ...init, headers: { ...defaults, ...init.headers } } as RequestInit };
    if (this.config.interceptor) req = await this.config.interceptor(req);
    // Calling through a local avoids "Illegal invocation" with window.fetch.
    const f = this.config.fetch ?? fetch;
    try {
      return await f(req.url, req.init);
    } catch (err) {
      const signal = req.init.signal ?? init.signal;
      if (signal?.aborted || (err as Error)?.name === 'AbortError') throw err;
      throw new BffError(0, 0, (err as Error)?.message || 'network error', undefined, err);
    }
  }

  /** One call as an ordinary HTTP request. */
  async direct(call: NormalizedCall, signal?: AbortSignal): Promise<unknown> {
    const qs = encodeQuery(call.query);
    const url = this.config.baseUrl + call.path + (qs ? '?' + qs : '');
    const headers: Record<string, string> = { accept: 'application/json' };
    let body: BodyInit | undefined;
    if (call.data !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(call.data);
    } else if (call.body !== undefined) {
      headers['content-type'] = 'text/plain';
      body = call.body;
    } else if (call.formData !== undefined) {
      body = call.formData; // fetch sets multipart content-type with its boundary
    } else if (call.formUrlencoded !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      const f = call.formUrlencoded;
      body = typeof f === 'string' ? f : new URLSearchParams(f as Record<string, string>).toString();
    }
    Object.assign(headers, call.headers);
    if (call.formData !== undefined) delete headers['content-type'];
    const res = await this.send(url, { method: call.method, headers, body, signal });
    const parsed = call.method === 'HEAD' ? undefined : await readBody(res);
    return settle(res.status, res.statusText, parsed, this.config.envelope);
  }
}

// ---- client.ts

export function createClient(options: ClientOptions = {}): BffClient {
  const transport = new Transport({
    baseUrl: (options.baseUrl ?? '').replace(/\/+$/, ''),
    fetch: options.fetch,
    headers: options.headers,
    interceptor: options.interceptor,
    envelope: options.envelope ?? false,
  });
  const batcher = new Batcher(transport, {
    batchPath: options.batchPath ?? '/api/_batch',
    mergeWindowMs: Math.max(0, options.mergeWindowMs ?? 0),
    maxBatchSize: Math.max(1, Math.floor(options.maxBatchSize ?? 50)),
  });
  const cache = new ResultCache(options.cacheTtlMs ?? 0);
  const inflight = new InflightMap();

  const execute = (call: NormalizedCall, opts: CallOptions, signal?: AbortSignal): Promise<unknown> => {
    const batch = opts.batch ?? options.batch ?? true;
    if (!batch || !isBatchable(call)) return transport.direct(call, signal);
    return batcher.enqueue(call, opts.stream ?? options.stream ?? true, signal);
  };

  return {
    call<T = unknown>(input: CallInput, opts: CallOptions = {}): Promise<T> {
      let call: NormalizedCall;
      try {
        call = normalizeCall(input);
      } catch (err) {
        return Promise.reject(err);
      }
      const signal = opts.signal;
      if (signal?.aborted) return Promise.reject(abortReason(signal));
      if (opts.cache === false || !isShareable(call)) return execute(call, opts, signal) as Promise<T>;

      const key = callKey(call);
      const hit = cache.get(key);
      if (hit) return Promise.resolve(hit.value as T);
      return inflight.join(key, signal, (shared) => {
        const token = cache.token();
        return execute(call, opts, shared).then((value) => {
          if (call.method === 'GET') cache.set(key, value, token);
          return value;
        });
      }) as Promise<T>;
    },

    clearCache(): void {
      cache.clear();
      inflight.clear();
    },

    stream<T = unknown>(input: CallInput, opts: StreamOptions = {}): AsyncIterable<T> {
      return streamCall<T>(transport, normalizeCall(input), opts);
    },
  };
}

// ---- types.ts

export interface CallInput {
  method: string;
  /** Full path including the API prefix, e.g. `/api/user/42/info`. */
  path: string;
  query?: Query;
  /** JSON body. The only body kind that can be batched. */
  data?: unknown;
  /** Raw text body (`text/plain`). */
  body?: string;
  formData?: FormData;
  formUrlencoded?: string | Record<string, string> | URLSearchParams;
  /** Per-call headers; a call carrying any is sent directly (the batch wire format has no per-call headers). */
  headers?: Record<string, string>;
}

export interface CallOptions {
  /** `false`: always a direct request, never merged. */
  batch?: boolean;
  /** `false`: if batched, goes in a non-streaming batch. */
  stream?: boolean;
  /** `false`: no in-flight dedup, no result cache. */
  cache?: boolean;
  signal?: AbortSignal;
}

export type HeadersOption =
  | Record<string, string>
  | (() => Record<string, string> | Promise<Record<string, string>>);

/** `init.headers` is always a plain object with lower-case keys. */
export interface InterceptedRequest {
  url: string;
  init: RequestInit;
}

export type Interceptor = (req: InterceptedRequest) => InterceptedRequest | Promise<InterceptedRequest>;

export interface ClientOptions {
  baseUrl?: string;
  batchPath?: string;
  fetch?: typeof fetch;
  headers?: HeadersOption;
  interceptor?: Interceptor;
  mergeWindowMs?: number;
  maxBatchSize?: number;
  batch?: boolean;
  stream?: boolean;
  cacheTtlMs?: number;
  envelope?: boolean;
}

export interface BffClient {
  call<T = unknown>(input: CallInput, options?: CallOptions): Promise<T>;
  /** Empties the result cache and forgets in-flight GETs, so the next call refetches. */
  clearCache(): void;
  /**
   * The items of a streaming operation (a lambda returning `EventStream<T>`), as they
   * arrive; never batched or cached. See `StreamOptions` for aborting and reconnecting.
   */
  stream<T = unknown>(input: CallInput, options?: StreamOptions): AsyncIterable<T>;
}
