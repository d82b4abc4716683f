import { Batcher } from './batcher.js';
import { InflightMap, ResultCache } from './cache.js';
import { callKey, isBatchable, isShareable, normalizeCall, type NormalizedCall } from './call.js';
import { abortReason, BffError } from './error.js';
import { streamCall, type StreamOptions } from './stream.js';
import { Transport } from './transport.js';
import type { BffClient, CallInput, CallOptions, ClientOptions } from './types.js';

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

  const once = (call: NormalizedCall, opts: CallOptions, signal?: AbortSignal): Promise<unknown> => {
    const batch = opts.batch ?? options.batch ?? true;
    if (!batch || !isBatchable(call)) return transport.direct(call, signal);
    return batcher.enqueue(call, opts.stream ?? options.stream ?? true, signal);
  };
  const retry = options.retryOnRateLimit;
  const maxWaitMs = typeof retry === 'object' ? (retry.maxWaitMs ?? 60_000) : 60_000;
  const execute = (call: NormalizedCall, opts: CallOptions, signal?: AbortSignal): Promise<unknown> => {
    if (!retry || !IDEMPOTENT.has(call.method)) return once(call, opts, signal);
    return once(call, opts, signal).catch(async (err: unknown) => {
      const waitMs = err instanceof BffError && err.status === 429 ? (err.retryAfter ?? NaN) * 1000 : NaN;
      if (!(waitMs >= 0 && waitMs <= maxWaitMs)) throw err;
      await sleep(waitMs, signal);
      return once(call, opts, signal);
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

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/** Resolves after `ms`, or rejects as the call would once `signal` aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal as AbortSignal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
