import { BffError, abortReason, errorFromBody } from './error.js';
import { readLines } from './ndjson.js';
import { readBody, settle } from './response.js';
import type { NormalizedCall } from './call.js';
import type { Transport } from './transport.js';
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
