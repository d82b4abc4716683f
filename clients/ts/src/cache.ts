import { abortReason, CancelController, onAbort, type CancelSignal } from './signal.js';

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
