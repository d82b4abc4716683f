import type { Query } from './query.js';
import type { StreamOptions } from './stream.js';

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
  /**
   * A 429 of an idempotent call (GET, HEAD, PUT, DELETE, OPTIONS) waits the `Retry-After`
   * the server sent and tries once more, when the wait is at most `maxWaitMs` (default
   * 60 s). Off by default: the 429 rejects with `BffError.retryAfter` set.
   */
  retryOnRateLimit?: boolean | { maxWaitMs?: number };
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
