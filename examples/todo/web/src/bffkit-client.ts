// @bffkit/client (web), bundled into one file by `bffkit client --standalone` (bffkit 0.1.0).
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
  /** Seconds the server asked to wait before trying again (a 429's `Retry-After`). */
  retryAfter?: number;

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
    if ('code' in o && isFinite(code)) {
      const msg = typeof o.msg === 'string' ? o.msg : statusText || reason(status);
      const error = new BffError(status, code, msg, o.data);
      // A rate limit's answer carries the wait in its body too, for batched calls.
      const wait = (o.data as { retry_after?: unknown } | undefined)?.retry_after;
      if (typeof wait === 'number' && wait >= 0) error.retryAfter = wait;
      return error;
    }
  }
  return new BffError(status, 0, statusText || reason(status), body);
}

function reason(status: number): string {
  return REASONS[status] || `HTTP ${status}`;
}

/** A failure with no response (network, timeout, platform limit): status 0, code 0. */
export function clientError(message: string, cause?: unknown): BffError {
  return new BffError(0, 0, message, undefined, cause);
}

// ---- timers.ts
// Timers are not ECMAScript, but every platform the client runs on has them (web,
// mini-programs, Node); declared here, module-local, so no DOM or Node types are needed.
declare function setTimeout(handler: () => void, ms: number): unknown;
declare function clearTimeout(id: unknown): void;

/** Runs `fn` after `ms`; returns the function that cancels it. */
export function after(ms: number, fn: () => void): () => void {
  const id = setTimeout(fn, ms);
  return () => clearTimeout(id);
}

// ---- signal.ts

/**
 * Cancellation on plain ECMAScript. `CancelSignal` is the shape of the web's `AbortSignal`
 * (which fits it), so callers pass either; the mini-program engines have no
 * `AbortController`, so the runtime uses its own `CancelController`.
 */
export interface CancelSignal {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** What a cancelled call rejects with when its signal gave no reason. */
export class AbortError extends Error {
  constructor(message = 'The operation was aborted.') {
    super(message);
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = 'AbortError';
  }
}

class Signal implements CancelSignal {
  aborted = false;
  reason?: unknown;
  private listeners: Array<() => void> = [];

  addEventListener(_type: 'abort', listener: () => void): void {
    if (!this.aborted) this.listeners.push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const i = this.listeners.indexOf(listener);
    if (i >= 0) this.listeners.splice(i, 1);
  }

  fire(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.listeners;
    this.listeners = [];
    for (const l of listeners) l();
  }
}

/** `AbortController` for engines without one. */
export class CancelController {
  private readonly own = new Signal();
  readonly signal: CancelSignal = this.own;

  abort(reason: unknown = new AbortError()): void {
    this.own.fire(reason);
  }
}

/** Runs `fn` once when `signal` aborts; returns the function that stops listening. */
export function onAbort(signal: CancelSignal | undefined, fn: () => void): () => void {
  if (!signal) return () => {};
  signal.addEventListener('abort', fn, { once: true });
  return () => signal.removeEventListener('abort', fn);
}

/** What a call cancelled by `signal` rejects with: its reason, else an `AbortError`. */
export function abortReason(signal: CancelSignal): unknown {
  return signal.reason !== undefined ? signal.reason : new AbortError();
}

/**
 * A signal that aborts when `parent` does or after `timeoutMs` (with `onTimeout()` as the
 * reason); `done()` stops the timer and the link to the parent.
 */
export function deadline(
  parent: CancelSignal | undefined,
  timeoutMs: number | undefined,
  onTimeout: () => unknown,
): { signal: CancelSignal | undefined; done(): void } {
  if (!timeoutMs || timeoutMs <= 0) return { signal: parent, done() {} };
  const controller = new CancelController();
  const stop = after(timeoutMs, () => controller.abort(onTimeout()));
  const detach = onAbort(parent, () => controller.abort(abortReason(parent!)));
  if (parent?.aborted) controller.abort(abortReason(parent));
  return {
    signal: controller.signal,
    done() {
      stop();
      detach();
    },
  };
}

/** Resolves after `ms`, or rejects as the call would once `signal` aborts. */
export function sleep(ms: number, signal?: CancelSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const detach = onAbort(signal, () => {
      stop();
      reject(abortReason(signal as CancelSignal));
    });
    const stop = after(ms, () => {
      detach();
      resolve();
    });
  });
}

// ---- transport.ts

/**
 * The platform's side of the client: one HTTP request at a time, and on mini-programs
 * the sign-in code, a key-value store and sockets. `fetch` (web), `wx.request` (WeChat)
 * and `my.request` (Alipay) implement it; everything else in the runtime is plain
 * ECMAScript.
 */
export interface Transport {
  /** `fetch`, `wechat` or `alipay`: named in errors about what the platform cannot do. */
  readonly platform: string;
  request(req: HttpRequest): Promise<HttpResponse>;
  /** Whether `HttpRequest.onChunk` gets the body as it arrives (else it comes whole). */
  readonly chunked: boolean;
  /** Methods the platform's request function cannot send (`PATCH` on mini-programs). */
  readonly unsupportedMethods: readonly string[];
  /** Where the session token is kept (mini-programs: the platform's storage). */
  readonly storage?: TokenStorage;
  /** The platform's sign-in code, as the body its sign-in route takes. */
  login?(): Promise<Record<string, string>>;
  /** A WebSocket to `url`. */
  connect?(url: string, headers: Record<string, string>): Socket;
}

export interface HttpRequest {
  url: string;
  method: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** Text, or (web only) a body `fetch` takes as it is, such as `FormData`. */
  body?: unknown;
  signal?: CancelSignal;
  /** Set when the caller reads the body as it arrives: every byte goes here, `body` is `''`. */
  onChunk?: (bytes: Uint8Array) => void;
}

export interface HttpResponse {
  status: number;
  statusText?: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
}

export interface TokenStorage {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
  remove(key: string): void;
}

/** The part of a WebSocket the runtime uses, on every platform. */
export interface Socket {
  send(text: string): void;
  close(code?: number, reason?: string): void;
  onOpen(listener: () => void): void;
  onMessage(listener: (text: string) => void): void;
  onClose(listener: (code: number, reason: string) => void): void;
  onError(listener: (message: string) => void): void;
}

/** Header names in lower case, so later ones replace earlier ones whatever their case. */
export function lowerHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers) for (const k of Object.keys(headers)) if (headers[k] !== undefined) out[k.toLowerCase()] = String(headers[k]);
  return out;
}

// ---- response.ts

/** Parses a response body: empty → undefined, JSON when it parses, else the text. */
export function parseBody(res: HttpResponse): unknown {
  const text = res.body;
  if (text === '') return undefined;
  const ct = res.headers['content-type'] || '';
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
  for (const pair of path.slice(q + 1).split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    append(out, decodeForm(key), eq < 0 ? '' : decodeForm(pair.slice(eq + 1)));
  }
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
  const pairs: string[] = [];
  const keys = Object.keys(query);
  if (sortKeys) keys.sort();
  for (const key of keys) {
    const v = query[key];
    for (const item of Array.isArray(v) ? v : [v]) pairs.push(encodeForm(key) + '=' + encodeForm(item));
  }
  return pairs.join('&');
}

/**
 * `application/x-www-form-urlencoded` encoding, as `URLSearchParams` does it (space as
 * `+`; `*-._` left alone), on plain ECMAScript.
 */
export function encodeForm(text: string): string {
  return encodeURIComponent(text).replace(/[!'()~]|%20/g, (c) => (c === '%20' ? '+' : '%' + c.charCodeAt(0).toString(16).toUpperCase()));
}

function decodeForm(text: string): string {
  const plain = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(plain);
  } catch {
    return plain; // a stray `%` stays as it is, as URLSearchParams leaves it
  }
}

/** A form record as urlencoded text: arrays as repeated keys, objects as JSON. */
export function encodeFormRecord(record: Record<string, unknown>): string {
  const pairs: string[] = [];
  for (const [name, value] of formEntries(record)) pairs.push(encodeForm(name) + '=' + encodeForm(value));
  return pairs.join('&');
}

/** A form record's fields as `[name, text]`: arrays repeat the name, null/undefined drop out. */
function formEntries(record: Record<string, unknown>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const name of Object.keys(record)) {
    const field = record[name];
    for (const item of Array.isArray(field) ? field : [field]) {
      if (item === undefined || item === null) continue;
      out.push([name, typeof item === 'object' ? JSON.stringify(item) : String(item)]);
    }
  }
  return out;
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
  /** Multipart form: a `FormData` (web), or a record of fields (every platform). */
  formData?: FormDataLike | Record<string, unknown>;
  /** Urlencoded form: text, a record of fields, or a `URLSearchParams` (web). */
  formUrlencoded?: string | Record<string, unknown> | FormDataLike;
  /** Per-call headers; a call carrying any is sent directly (the batch wire format has no per-call headers). */
  headers?: Record<string, string>;
}

/** What the web's `FormData` and `URLSearchParams` have in common, as the runtime sees them. */
export interface FormDataLike {
  append(name: string, value: string): void;
}

export interface CallOptions {
  /** `false`: always a direct request, never merged. */
  batch?: boolean;
  /** `false`: if batched, goes in a non-streaming batch. */
  stream?: boolean;
  /** `false`: no in-flight dedup, no result cache. */
  cache?: boolean;
  /** An `AbortSignal`, or the runtime's own `CancelController().signal`. */
  signal?: CancelSignal;
  /** Reject with a `BffError` (status 0) after this many milliseconds; overrides the client's. */
  timeoutMs?: number;
}

/** Options of a streaming call (an operation whose lambda returns `EventStream<T>`). */
export interface StreamOptions {
  /** Aborting closes the connection, which stops the server's producer. */
  signal?: CancelSignal;
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

export type HeadersOption =
  | Record<string, string>
  | (() => Record<string, string> | Promise<Record<string, string>>);

/** The request as the interceptor sees it: `init.headers` is a plain object with lower-case keys. */
export interface InterceptedRequest {
  url: string;
  init: { method: string; headers: Record<string, string>; body?: unknown; signal?: CancelSignal };
}

export type Interceptor = (req: InterceptedRequest) => InterceptedRequest | Promise<InterceptedRequest>;

/** Options every platform's `createClient` takes. */
export interface CoreOptions {
  baseUrl?: string;
  batchPath?: string;
  headers?: HeadersOption;
  interceptor?: Interceptor;
  mergeWindowMs?: number;
  maxBatchSize?: number;
  batch?: boolean;
  stream?: boolean;
  cacheTtlMs?: number;
  envelope?: boolean;
  /** Reject a call with a `BffError` (status 0) after this many milliseconds (default: none). */
  timeoutMs?: number;
  /**
   * A 429 of an idempotent call (GET, HEAD, PUT, DELETE, OPTIONS) waits the `Retry-After`
   * the server sent and tries once more, when the wait is at most `maxWaitMs` (default
   * 60 s). Off by default: the 429 rejects with `BffError.retryAfter` set.
   */
  retryOnRateLimit?: boolean | { maxWaitMs?: number };
  /** The app's sign-in routes; the generated client fills them in. */
  auth?: AuthRoutes;
}

/** The sign-in routes, full paths (`/api/auth/wechat/login` …). */
export interface AuthRoutes {
  login?: string;
  refresh?: string;
  logout?: string;
  /** Storage key of the session token (default `bffkit.session`). */
  storageKey?: string;
}

/** What a sign-in route answers. */
export interface SignedIn {
  token: string;
  /** Unix seconds. */
  expires_at: number;
  /** Unix seconds. */
  idle_expires_at: number;
}

/**
 * Items of a streaming call, pulled one by one with `next()`; `return()` stops the
 * request. Where the engine has async iteration it is also `for await`-able, and each
 * such loop makes a new request.
 */
export interface ItemStream<T> {
  next(): Promise<IteratorResult<T, undefined>>;
  return(): Promise<IteratorResult<T, undefined>>;
}

/** A WebSocket lambda's connection, the same on every platform. */
export interface BffSocket<Out = unknown, In = unknown> {
  /** Sends one message as JSON. */
  send(message: Out): void;
  close(code?: number, reason?: string): void;
  onOpen(listener: () => void): void;
  /** Each message, parsed as JSON when it is JSON, else the text. */
  onMessage(listener: (message: In) => void): void;
  onClose(listener: (code: number, reason: string) => void): void;
  onError(listener: (message: string) => void): void;
}

export interface CoreClient {
  call<T = unknown>(input: CallInput, options?: CallOptions): Promise<T>;
  /** Empties the result cache and forgets in-flight GETs, so the next call refetches. */
  clearCache(): void;
  /**
   * The items of a streaming operation (a lambda returning `EventStream<T>`), as they
   * arrive; never batched or cached. See `StreamOptions` for aborting and reconnecting.
   */
  stream<T = unknown>(input: CallInput, options?: StreamOptions): ItemStream<T>;
  /** A WebSocket to a socket lambda (`query` in its URL). */
  socket<Out = unknown, In = unknown>(path: string, query?: Query): BffSocket<Out, In>;
  /** Gets the platform's sign-in code, posts it to the sign-in route, keeps the session. */
  signIn(): Promise<SignedIn>;
  /** Ends the session on the server (when there is one) and forgets it here. */
  signOut(): Promise<void>;
  /** The kept session token, if any. */
  sessionToken(): string | undefined;
}

// ---- call.ts

/** A call after validation: upper-case method, path without `?`, wire-form query. */
export interface NormalizedCall {
  method: string;
  path: string;
  query?: WireQuery;
  data?: unknown;
  body?: string;
  formData?: FormDataLike | Record<string, unknown>;
  formUrlencoded?: string | Record<string, unknown> | FormDataLike;
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

/** `baseUrl + path + ?query`. */
export function callUrl(baseUrl: string, call: NormalizedCall): string {
  const qs = encodeQuery(call.query);
  return baseUrl + call.path + (qs ? '?' + qs : '');
}

// ---- sender.ts

export interface SenderConfig {
  baseUrl: string;
  headers?: HeadersOption;
  interceptor?: Interceptor;
  envelope: boolean;
  /** The session token to send as bearer, if any. */
  token(): string | undefined;
}

/**
 * Every HTTP request the client makes goes through `send`: default headers, the session's
 * bearer token, the interceptor, then the platform's transport.
 */
export class Sender {
  constructor(
    readonly transport: Transport,
    readonly config: SenderConfig,
  ) {}

  async send(req: HttpRequest): Promise<HttpResponse> {
    const h = this.config.headers;
    const headers = lowerHeaders(typeof h === 'function' ? await h() : h);
    const token = this.config.token();
    if (token) headers.authorization = 'Bearer ' + token;
    let r: InterceptedRequest = {
      url: req.url,
      init: { method: req.method, headers: { ...headers, ...req.headers }, body: req.body, signal: req.signal },
    };
    if (this.config.interceptor) r = await this.config.interceptor(r);
    const signal = r.init.signal;
    if (signal?.aborted) throw abortReason(signal);
    try {
      return await this.transport.request({ ...r.init, url: r.url, headers: lowerHeaders(r.init.headers), onChunk: req.onChunk });
    } catch (err) {
      if (signal?.aborted || err instanceof BffError || (err as Error)?.name === 'AbortError') throw err;
      throw clientError((err as Error)?.message || 'network error', err);
    }
  }

  /** One call as an ordinary HTTP request. */
  async direct(call: NormalizedCall, signal?: HttpRequest['signal']): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json' };
    let body: unknown;
    if (call.data !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(call.data);
    } else if (call.body !== undefined) {
      headers['content-type'] = 'text/plain';
      body = call.body;
    } else if (call.formData !== undefined) {
      if (isFormDataLike(call.formData)) {
        body = call.formData; // fetch sets multipart content-type with its boundary
      } else {
        const boundary = '----bffkit' + Math.random().toString(36).slice(2) + Date.now().toString(36);
        headers['content-type'] = 'multipart/form-data; boundary=' + boundary;
        body = multipart(call.formData, boundary);
      }
    } else if (call.formUrlencoded !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      const f = call.formUrlencoded;
      body = typeof f === 'string' ? f : isFormDataLike(f) ? String(f) : encodeFormRecord(f);
    }
    Object.assign(headers, call.headers);
    if (isFormDataLike(call.formData)) delete headers['content-type'];
    const res = await this.send({ url: callUrl(this.config.baseUrl, call), method: call.method, headers, body, signal });
    const parsed = call.method === 'HEAD' ? undefined : parseBody(res);
    try {
      return settle(res.status, res.statusText, parsed, this.config.envelope);
    } catch (err) {
      const wait = Number(res.headers['retry-after'] ?? NaN);
      if (err instanceof BffError && err.retryAfter === undefined && wait >= 0) err.retryAfter = wait;
      throw err;
    }
  }
}

function isFormDataLike(value: unknown): value is FormDataLike {
  return value != null && typeof (value as FormDataLike).append === 'function';
}

/** A file part of a multipart record: mini-programs have no `Blob`, so its text and name. */
export interface FilePart {
  filename: string;
  content: string;
  contentType?: string;
}

/** A record of fields as a multipart body (files on disk need the platform's upload API). */
function multipart(record: Record<string, unknown>, boundary: string): string {
  let out = '';
  const quote = (s: string) => s.replace(/"/g, '%22').replace(/\r|\n/g, ' ');
  for (const name of Object.keys(record)) {
    const field = record[name];
    for (const item of Array.isArray(field) ? field : [field]) {
      if (item === undefined || item === null) continue;
      const file = item as FilePart;
      let head = `content-disposition: form-data; name="${quote(name)}"`;
      let text: string;
      if (typeof file.filename === 'string' && typeof file.content === 'string') {
        head += `; filename="${quote(file.filename)}"\r\ncontent-type: ${file.contentType || 'application/octet-stream'}`;
        text = file.content;
      } else {
        text = typeof item === 'object' ? JSON.stringify(item) : String(item);
      }
      out += `--${boundary}\r\n${head}\r\n\r\n${text}\r\n`;
    }
  }
  return out + `--${boundary}--\r\n`;
}

// ---- auth.ts

/**
 * The bearer session of a mini-program: `signIn()` trades the platform's sign-in code for
 * a session token, kept in the platform's storage and sent on every request; a 401 is
 * answered by one refresh through the refresh route. (Mini-programs have no cookie jar.)
 */
export class Auth {
  private readonly key: string;
  /** One refresh at a time: concurrent 401s wait for the same one. */
  private refreshing?: Promise<boolean>;

  constructor(
    private readonly sender: Sender,
    private readonly routes: AuthRoutes,
  ) {
    this.key = routes.storageKey || 'bffkit.session';
  }

  token(): string | undefined {
    return this.sender.transport.storage?.get(this.key) || undefined;
  }

  async signIn(): Promise<SignedIn> {
    const { transport } = this.sender;
    if (!transport.login || !transport.storage) {
      throw clientError(`${transport.platform}: signIn() needs a mini-program platform (wx.login or my.getAuthCode)`);
    }
    if (!this.routes.login) throw clientError('signIn(): the API has no sign-in route for this platform');
    const body = await transport.login();
    // A previous session is not sent along: the sign-in starts a new one.
    this.forget();
    const session = (await this.post(this.routes.login, body)) as SignedIn;
    if (!session || typeof session.token !== 'string') {
      throw new BffError(200, 0, 'the sign-in route answered without a token (cookie sessions are for browsers)', session);
    }
    this.keep(session.token);
    return session;
  }

  async signOut(): Promise<void> {
    const token = this.token();
    if (token === undefined) return;
    try {
      if (this.routes.logout) await this.post(this.routes.logout);
    } catch (err) {
      // Already expired or revoked on the server: forgotten here all the same.
      if (!(err instanceof BffError && err.status === 401)) throw err;
    } finally {
      this.forget();
    }
  }

  /**
   * After a 401 to a request that carried `sentToken`: `true` when a newer token is there
   * to retry with (this refresh's, or one another call got meanwhile).
   */
  refreshAfter401(sentToken: string | undefined): Promise<boolean> {
    if (sentToken === undefined || !this.routes.refresh) return Promise.resolve(false);
    if (this.token() !== sentToken) return Promise.resolve(this.token() !== undefined);
    if (!this.refreshing) {
      const done = () => (this.refreshing = undefined);
      this.refreshing = this.refresh().then(
        (ok) => (done(), ok),
        (err) => {
          done();
          throw err;
        },
      );
    }
    return this.refreshing;
  }

  private async refresh(): Promise<boolean> {
    try {
      const session = (await this.post(this.routes.refresh!)) as SignedIn;
      if (!session || typeof session.token !== 'string') return false;
      this.keep(session.token);
      return true;
    } catch (err) {
      // The session is gone on the server: forget it, and the caller's 401 stands.
      if (err instanceof BffError && err.status === 401) {
        this.forget();
        return false;
      }
      throw err;
    }
  }

  private async post(path: string, data?: unknown): Promise<unknown> {
    const res = await this.sender.send({
      url: this.sender.config.baseUrl + path,
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(data === undefined ? {} : data),
    });
    return settle(res.status, res.statusText, parseBody(res), this.sender.config.envelope);
  }

  private keep(token: string): void {
    this.sender.transport.storage!.set(this.key, token);
  }

  private forget(): void {
    this.sender.transport.storage?.remove(this.key);
  }
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

// ---- utf8.ts
/**
 * UTF-8 bytes to text, chunk by chunk: a character split across two chunks is held back
 * until its last byte arrives. Plain ECMAScript, for engines without `TextDecoder`.
 */
export class Utf8Decoder {
  private pending: number[] = [];

  decode(bytes: Uint8Array, stream = true): string {
    let out = '';
    const buf = this.pending;
    this.pending = [];
    const all = buf.length ? concat(buf, bytes) : bytes;
    let i = 0;
    while (i < all.length) {
      const b = all[i];
      const need = b < 0x80 ? 1 : b >= 0xf0 && b < 0xf8 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 0;
      if (need === 0) {
        out += '\ufffd';
        i++;
        continue;
      }
      if (i + need > all.length) {
        if (stream) {
          const rest: number[] = [];
          for (let j = i; j < all.length; j++) rest.push(all[j]);
          this.pending = rest;
        } else {
          out += '\ufffd';
        }
        break;
      }
      let cp = need === 1 ? b : b & (0xff >> (need + 1));
      let bad = false;
      for (let j = 1; j < need; j++) {
        const c = all[i + j];
        if ((c & 0xc0) !== 0x80) {
          bad = true;
          break;
        }
        cp = (cp << 6) | (c & 0x3f);
      }
      if (bad) {
        out += '\ufffd';
        i++;
        continue;
      }
      out += cp > 0xffff ? String.fromCharCode(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff)) : String.fromCharCode(cp);
      i += need;
    }
    return out;
  }
}

function concat(head: number[], tail: Uint8Array): Uint8Array {
  const all = new Uint8Array(head.length + tail.length);
  all.set(head, 0);
  all.set(tail, head.length);
  return all;
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
  signal?: CancelSignal;
  done: boolean;
  resolve(value: unknown): void;
  reject(err: unknown): void;
  detach?: () => void;
  /** Aborts the HTTP request this entry rides in once nobody in it is waiting. */
  group?: { entries: Entry[]; controller: CancelController };
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
    private readonly sender: Sender,
    private readonly config: BatcherConfig,
  ) {}

  enqueue(call: NormalizedCall, stream: boolean, signal?: CancelSignal): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const entry: Entry = { call, stream, signal, done: false, resolve, reject };
      entry.detach = onAbort(signal, () => this.abortEntry(entry));
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
    // `Promise.resolve().then` is the microtask every ECMAScript engine has.
    if (this.config.mergeWindowMs > 0) after(this.config.mergeWindowMs, run);
    else Promise.resolve().then(run);
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
    const transport = this.sender.transport;
    if (entries.length === 1 && transport.unsupportedMethods.indexOf(entries[0].call.method) < 0) {
      // A lone call goes out as a plain request: cheaper, and keeps its own headers/cookies.
      const e = entries[0];
      this.sender.direct(e.call, e.signal).then(
        (v) => this.fulfil(e, v),
        (err) => this.fail(e, err),
      );
      return;
    }
    const group = { entries, controller: new CancelController() };
    for (const e of entries) e.group = group;
    // Streamed where the platform hands over the body as it arrives; whole otherwise.
    void this.runBatch(entries, entries[0].stream && transport.chunked, group.controller.signal);
  }

  private async runBatch(entries: Entry[], stream: boolean, signal: CancelSignal): Promise<void> {
    const envelope = this.sender.config.envelope;
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
      const url = this.sender.config.baseUrl + this.config.batchPath;
      // Lines are taken as their bytes arrive; the text is kept in case the answer is an error.
      const decoder = new Utf8Decoder();
      const splitter = new LineSplitter();
      let text = '';
      const onChunk = stream
        ? (bytes: Uint8Array) => {
            const piece = decoder.decode(bytes);
            text += piece;
            for (const line of splitter.push(piece)) take(parseLine(line));
          }
        : undefined;
      const res = await this.sender.send({
        url,
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: stream ? NDJSON : 'application/json' },
        body: JSON.stringify({ calls }),
        signal,
        onChunk,
      });
      if (stream) {
        text += decoder.decode(new Uint8Array(0), false);
        res.body = text;
      }
      if (res.status >= 400) throw errorFromBody(res.status, res.statusText, parseBody(res));
      if (stream) {
        for (const line of splitter.push('').concat(splitter.end())) take(parseLine(line));
      } else {
        // A JSON array, or NDJSON text.
        const trimmed = res.body.trim();
        if (trimmed.charAt(0) === '[') {
          const arr: unknown = JSON.parse(trimmed);
          if (Array.isArray(arr)) arr.forEach(take);
        } else {
          for (const line of trimmed.split('\n')) take(parseLine(line));
        }
      }
      const msg = stream ? 'batch stream ended early' : 'batch response is missing this call';
      for (let i = 0; i < entries.length; i++) {
        this.fail(entries[i], clientError(`${msg} (no result for call ${i}: ${entries[i].call.method} ${entries[i].call.path})`));
      }
    } catch (err) {
      const e = err instanceof BffError || (err as Error)?.name === 'AbortError'
        ? err
        : clientError((err as Error)?.message || 'batch request failed', err);
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
  controller: CancelController;
  subscribers: number;
}

/**
 * Identical in-flight calls share one execution. Each caller can abort on its own;
 * the execution itself is aborted only when every caller has left.
 */
export class InflightMap {
  private map = new Map<string, Shared>();

  join(key: string, signal: CancelSignal | undefined, start: (signal: CancelSignal) => Promise<unknown>): Promise<unknown> {
    let shared = this.map.get(key);
    if (!shared) {
      const controller = new CancelController();
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

  private subscribe(key: string, s: Shared, signal: CancelSignal | undefined): Promise<unknown> {
    if (!signal) return s.promise;
    return new Promise((resolve, reject) => {
      const detach = onAbort(signal, () => {
        reject(abortReason(signal));
        if (--s.subscribers === 0) {
          this.forget(key, s);
          s.controller.abort();
        }
      });
      s.promise.then(
        (v) => (detach(), resolve(v)),
        (e) => (detach(), reject(e)),
      );
    });
  }
}

// ---- socket.ts

/** A socket lambda's connection: JSON out, JSON (or text) in. */
export function openSocket<Out, In>(transport: Transport, url: string, headers: Record<string, string>): BffSocket<Out, In> {
  if (!transport.connect) throw clientError(`${transport.platform}: this platform has no WebSocket`);
  const socket = transport.connect(url, headers);
  return {
    send: (message) => socket.send(JSON.stringify(message)),
    close: (code, reason) => socket.close(code, reason),
    onOpen: (listener) => socket.onOpen(listener),
    onMessage: (listener) =>
      socket.onMessage((text) => {
        let message: unknown = text;
        try {
          message = JSON.parse(text);
        } catch {
          // not JSON: the text as it came
        }
        listener(message as In);
      }),
    onClose: (listener) => socket.onClose(listener),
    onError: (listener) => socket.onError(listener),
  };
}

// ---- stream.ts

interface Line {
  id?: string;
  data?: unknown;
  error?: { code?: unknown; msg?: unknown; data?: unknown; status?: unknown };
  end?: boolean;
}

/**
 * The items of a streaming operation, read as NDJSON (`{id, data}` lines, then
 * `{end: true}` or `{error}`) as the bytes arrive. Iterating with `for await` makes a new
 * request each time; breaking out of the loop (or `return()`) closes the connection.
 */
export function streamCall<T>(sender: Sender, call: NormalizedCall, options: StreamOptions = {}): ItemStream<T> {
  return new Items<T>(sender, call, options);
}

class Items<T> implements ItemStream<T> {
  private buffer: T[] = [];
  private waiting?: { resolve(r: IteratorResult<T, undefined>): void; reject(e: unknown): void };
  private started = false;
  private closed = false;
  private failure?: { error: unknown };
  private readonly controller = new CancelController();

  constructor(
    private readonly sender: Sender,
    private readonly call: NormalizedCall,
    private readonly options: StreamOptions,
  ) {
    const asyncIterator = typeof Symbol === 'function' ? (Symbol as { asyncIterator?: symbol }).asyncIterator : undefined;
    if (asyncIterator) (this as unknown as Record<symbol, unknown>)[asyncIterator] = () => new Items<T>(sender, call, options);
  }

  next(): Promise<IteratorResult<T, undefined>> {
    if (!this.started) {
      this.started = true;
      this.run().then(
        () => this.finish(),
        (error) => this.finish({ error }),
      );
    }
    if (this.buffer.length) return Promise.resolve({ value: this.buffer.shift() as T, done: false });
    if (this.failure) {
      const { error } = this.failure;
      this.failure = undefined;
      this.closed = true;
      return Promise.reject(error);
    }
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  return(): Promise<IteratorResult<T, undefined>> {
    this.buffer = [];
    this.finish();
    this.controller.abort();
    return Promise.resolve({ value: undefined, done: true });
  }

  private push(item: T): void {
    if (this.closed) return;
    const w = this.waiting;
    this.waiting = undefined;
    if (w) w.resolve({ value: item, done: false });
    else this.buffer.push(item);
  }

  private finish(failure?: { error: unknown }): void {
    if (this.closed) return;
    const w = this.waiting;
    this.waiting = undefined;
    if (failure && w) {
      this.closed = true;
      w.reject(failure.error);
    } else if (failure) {
      this.failure = failure;
    } else {
      this.closed = true;
      w?.resolve({ value: undefined, done: true });
    }
  }

  private async run(): Promise<void> {
    const { sender, options } = this;
    const transport = sender.transport;
    if (!transport.chunked) {
      throw clientError(
        `${transport.platform}: the platform's request function cannot read a response as it arrives, ` +
          `so streaming calls (${this.call.method} ${this.call.path}) are not available here`,
      );
    }
    const outer = options.signal;
    const signal = this.controller.signal;
    const detach = onAbort(outer, () => this.controller.abort(abortReason(outer!)));
    if (outer?.aborted) this.controller.abort(abortReason(outer));
    const attempts = options.reconnect === true ? 3 : typeof options.reconnect === 'number' ? Math.max(0, options.reconnect) : 0;
    const delayMs = Math.max(0, options.retryDelayMs ?? 1000);
    let lastId = options.lastEventId;
    let failures = 0;
    try {
      for (;;) {
        if (signal.aborted) throw abortReason(signal);
        let cause: unknown;
        try {
          const ended = await this.attempt(lastId, signal, (id) => {
            lastId = id;
            failures = 0;
          });
          if (ended) return;
        } catch (err) {
          if (signal.aborted) throw abortReason(signal);
          // The server said no, or failed mid-stream: final.
          if (err instanceof BffError && err.status !== 0) throw err;
          cause = err;
        }
        if (failures >= attempts) {
          if (cause instanceof BffError) throw cause;
          throw clientError('the stream was cut off before its end', cause);
        }
        failures += 1;
        await sleep(delayMs, signal);
      }
    } finally {
      detach();
    }
  }

  /** One request; `true` when the stream reached its end line. */
  private async attempt(lastId: string | undefined, outer: CancelSignal, seen: (id: string) => void): Promise<boolean> {
    const call = this.call;
    const headers: Record<string, string> = { accept: 'application/x-ndjson' };
    let body: string | undefined;
    if (call.data !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(call.data);
    }
    Object.assign(headers, call.headers);
    if (lastId !== undefined) headers['last-event-id'] = lastId;
    // Its own controller, so an end or error line can close the connection.
    const request = new CancelController();
    const detach = onAbort(outer, () => request.abort(abortReason(outer)));
    const decoder = new Utf8Decoder();
    const splitter = new LineSplitter();
    let text = '';
    let ended = false;
    let lineError: unknown;
    const take = (raw: string) => {
      if (ended || lineError !== undefined) return;
      try {
        const line = parse(raw);
        if (line.error !== undefined) throw streamError(line.error);
        if (line.end === true) ended = true;
        else if ('data' in line) {
          if (typeof line.id === 'string') seen(line.id);
          this.push(line.data as T);
        }
      } catch (err) {
        lineError = err;
      }
      if (ended || lineError !== undefined) request.abort();
    };
    let status = 0;
    try {
      const res = await this.sender.send({
        url: callUrl(this.sender.config.baseUrl, call),
        method: call.method,
        headers,
        body,
        signal: request.signal,
        onChunk: (bytes) => {
          const piece = decoder.decode(bytes);
          if (status === 0 && text.length < 65536) text += piece;
          for (const line of splitter.push(piece)) take(line);
        },
      });
      status = res.status;
      if (status >= 400) throw errorFromBody(status, res.statusText, parseBody({ ...res, body: text + decoder.decode(new Uint8Array(0), false) }));
      for (const line of splitter.end()) take(line);
    } catch (err) {
      if (!(ended || lineError !== undefined) || outer.aborted) throw err;
    } finally {
      detach();
    }
    if (lineError !== undefined) throw lineError;
    return ended;
  }
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

// ---- client.ts

/** A client on `transport`; each platform's `createClient` calls this with its own. */
export function createCoreClient(transport: Transport, options: CoreOptions = {}): CoreClient {
  const sender = new Sender(transport, {
    baseUrl: (options.baseUrl ?? '').replace(/\/+$/, ''),
    headers: options.headers,
    interceptor: options.interceptor,
    envelope: options.envelope ?? false,
    token: (): string | undefined => session.token(),
  });
  const session: Auth = new Auth(sender, options.auth ?? {});
  const batcher = new Batcher(sender, {
    batchPath: options.batchPath ?? '/api/_batch',
    mergeWindowMs: Math.max(0, options.mergeWindowMs ?? 0),
    maxBatchSize: Math.max(1, Math.floor(options.maxBatchSize ?? 50)),
  });
  const cache = new ResultCache(options.cacheTtlMs ?? 0);
  const inflight = new InflightMap();

  /** One HTTP round (direct or in a batch). */
  const send = (call: NormalizedCall, opts: CallOptions, signal?: CancelSignal): Promise<unknown> => {
    const batch = opts.batch ?? options.batch ?? true;
    // A method the platform can't send travels inside a batch, which names it per call.
    const viaBatch = transport.unsupportedMethods.indexOf(call.method) >= 0;
    if (viaBatch && !isBatchable(call)) {
      return Promise.reject(
        clientError(`${transport.platform} cannot send ${call.method}, and a call with headers or a non-JSON body cannot go through the batch endpoint instead`),
      );
    }
    if (!viaBatch && (!batch || !isBatchable(call))) return sender.direct(call, signal);
    return batcher.enqueue(call, opts.stream ?? options.stream ?? true, signal);
  };

  /** The round, then once more after a 429's `Retry-After` (by option, idempotent calls). */
  const retry = options.retryOnRateLimit;
  const maxWaitMs = typeof retry === 'object' ? (retry.maxWaitMs ?? 60_000) : 60_000;
  const admitted = (call: NormalizedCall, opts: CallOptions, signal?: CancelSignal): Promise<unknown> => {
    if (!retry || IDEMPOTENT.indexOf(call.method) < 0) return send(call, opts, signal);
    return send(call, opts, signal).catch((err: unknown) => {
      const waitMs = err instanceof BffError && err.status === 429 ? (err.retryAfter ?? NaN) * 1000 : NaN;
      if (!(waitMs >= 0 && waitMs <= maxWaitMs)) throw err;
      return sleep(waitMs, signal).then(() => send(call, opts, signal));
    });
  };

  /** The round, then once more after a 401 that a session refresh answers. */
  const execute = (call: NormalizedCall, opts: CallOptions, signal?: CancelSignal): Promise<unknown> => {
    const token = session.token();
    return admitted(call, opts, signal).catch((err) => {
      if (!(err instanceof BffError && err.status === 401)) throw err;
      return session.refreshAfter401(token).then((renewed) => {
        if (!renewed) throw err;
        return admitted(call, opts, signal);
      });
    });
  };

  const shared = (call: NormalizedCall, opts: CallOptions, signal?: CancelSignal): Promise<unknown> => {
    if (opts.cache === false || !isShareable(call)) return execute(call, opts, signal);
    const key = callKey(call);
    const hit = cache.get(key);
    if (hit) return Promise.resolve(hit.value);
    return inflight.join(key, signal, (sharedSignal) => {
      const token = cache.token();
      return execute(call, opts, sharedSignal).then((value) => {
        if (call.method === 'GET') cache.set(key, value, token);
        return value;
      });
    });
  };

  return {
    call<T = unknown>(input: CallInput, opts: CallOptions = {}): Promise<T> {
      let call: NormalizedCall;
      try {
        call = normalizeCall(input);
      } catch (err) {
        return Promise.reject(err);
      }
      if (opts.signal?.aborted) return Promise.reject(abortReason(opts.signal));
      const ms = opts.timeoutMs ?? options.timeoutMs;
      const limit = deadline(opts.signal, ms, () => clientError(`${call.method} ${call.path} timed out after ${ms} ms`));
      const result = shared(call, opts, limit.signal);
      result.then(limit.done, limit.done);
      return result as Promise<T>;
    },

    clearCache(): void {
      cache.clear();
      inflight.clear();
    },

    stream<T = unknown>(input: CallInput, opts: StreamOptions = {}) {
      return streamCall<T>(sender, normalizeCall(input), opts);
    },

    socket(path: string, query?: Query) {
      const url = callUrl(sender.config.baseUrl, { method: 'GET', path, query: normalizeQuery(query) }).replace(/^http/, 'ws');
      const token = session.token();
      return openSocket(transport, url, token ? { authorization: 'Bearer ' + token } : {});
    },

    signIn: () => session.signIn(),
    signOut: () => session.signOut(),
    sessionToken: () => session.token(),
  };
}

const IDEMPOTENT = ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'];

// ---- transport-fetch.ts

/** The web's transport: `fetch` (a custom one if given), `ReadableStream` chunks, `WebSocket`. */
export function fetchTransport(customFetch?: typeof fetch): Transport {
  return {
    platform: 'fetch',
    chunked: true,
    unsupportedMethods: [],
    request: (req) => send(customFetch, req),
    connect: (url) => webSocket(url),
  };
}

async function send(customFetch: typeof fetch | undefined, req: HttpRequest): Promise<HttpResponse> {
  // fetch takes only its own AbortSignal: one is linked to the caller's signal.
  const { signal } = req;
  let controller: AbortController | undefined;
  let detach = () => {};
  if (signal) {
    controller = new AbortController();
    const c = controller;
    detach = onAbort(signal, () => c.abort(abortReason(signal)));
  }
  try {
    // Calling through a local avoids "Illegal invocation" with window.fetch.
    const f = customFetch ?? fetch;
    const res = await f(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body as BodyInit | undefined,
      // A web AbortSignal goes to fetch as it is; the runtime's own signals through a linked one.
      signal: typeof AbortSignal === 'function' && signal instanceof AbortSignal ? signal : controller?.signal,
    });
    const headers: Record<string, string> = {};
    res.headers.forEach((value, name) => (headers[name.toLowerCase()] = value));
    const out: HttpResponse = { status: res.status, statusText: res.statusText, headers, body: '' };
    if (req.onChunk && res.body) {
      const reader = res.body.getReader();
      // A pending read does not always end when fetch is aborted after the last byte came
      // (undici): cancelling the reader ends it.
      const stop = onAbort(signal, () => void reader.cancel().catch(() => {}));
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (signal?.aborted) throw abortReason(signal);
          if (done) break;
          req.onChunk(value);
        }
      } finally {
        stop();
        // Stopped early (abort) or failed: release the connection.
        reader.cancel().catch(() => {});
      }
    } else if (req.onChunk) {
      req.onChunk(new Uint8Array(await res.arrayBuffer()));
    } else {
      out.body = await res.text();
    }
    return out;
  } finally {
    detach();
  }
}

function webSocket(url: string): Socket {
  const ws = new WebSocket(url);
  return {
    send: (text) => ws.send(text),
    close: (code, reason) => ws.close(code, reason),
    onOpen: (l) => ws.addEventListener('open', () => l()),
    onMessage: (l) => ws.addEventListener('message', (e) => l(String(e.data))),
    onClose: (l) => ws.addEventListener('close', (e) => l(e.code, e.reason)),
    onError: (l) => ws.addEventListener('error', () => l('WebSocket error')),
  };
}

// ---- common.ts
// What every entry (web, wechat, alipay) exports beside its own `createClient`.

// ---- index.ts
// `@bffkit/client`: the web client, on `fetch`.


export interface ClientOptions extends CoreOptions {
  /** Custom fetch implementation (default: the global `fetch`). */
  fetch?: typeof fetch;
}

/** On the web, a stream is also `for await`-able. */
export interface BffClient extends CoreClient {
  stream<T = unknown>(input: CallInput, options?: StreamOptions): ItemStream<T> & AsyncIterable<T>;
}

export function createClient(options: ClientOptions = {}): BffClient {
  return createCoreClient(fetchTransport(options.fetch), options) as BffClient;
}
