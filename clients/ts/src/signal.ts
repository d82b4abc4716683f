import { after } from './timers.js';

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
