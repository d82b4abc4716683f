import type { Query } from './query.js';
import type { CancelSignal } from './signal.js';

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
