import { BffError, abortReason, errorFromBody } from './error.js';
import { encodeQuery } from './query.js';
import { readLines } from './ndjson.js';
import { readBody } from './response.js';
import type { NormalizedCall } from './call.js';
import type { Transport } from './transport.js';

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
