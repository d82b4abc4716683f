import { BffError, clientError, errorFromBody } from './error.js';
import { callUrl, type NormalizedCall } from './call.js';
import { LineSplitter } from './ndjson.js';
import { parseBody } from './response.js';
import { abortReason, CancelController, onAbort, sleep, type CancelSignal } from './signal.js';
import { Utf8Decoder } from './utf8.js';
import type { Sender } from './sender.js';
import type { ItemStream, StreamOptions } from './types.js';

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
