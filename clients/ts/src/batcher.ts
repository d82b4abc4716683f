import { BffError, clientError, errorFromBody } from './error.js';
import { LineSplitter } from './ndjson.js';
import { parseBody, settle } from './response.js';
import { abortReason, CancelController, onAbort, type CancelSignal } from './signal.js';
import { after } from './timers.js';
import { Utf8Decoder } from './utf8.js';
import type { NormalizedCall } from './call.js';
import type { Sender } from './sender.js';
import type { WireQuery } from './query.js';

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
