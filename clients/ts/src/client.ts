import { Auth } from './auth.js';
import { Batcher } from './batcher.js';
import { InflightMap, ResultCache } from './cache.js';
import { callKey, callUrl, isBatchable, isShareable, normalizeCall, type NormalizedCall } from './call.js';
import { BffError, clientError } from './error.js';
import { normalizeQuery, type Query } from './query.js';
import { Sender } from './sender.js';
import { abortReason, deadline, sleep, type CancelSignal } from './signal.js';
import { openSocket } from './socket.js';
import { streamCall } from './stream.js';
import type { Transport } from './transport.js';
import type { CallInput, CallOptions, CoreClient, CoreOptions, StreamOptions } from './types.js';

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
