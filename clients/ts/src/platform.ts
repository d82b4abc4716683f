import { abortReason, onAbort } from './signal.js';
import type { HttpRequest } from './transport.js';

/** Methods `wx.request` and `my.request` take (their official typings): no `PATCH`. */
export type PlatformMethod = 'OPTIONS' | 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'TRACE' | 'CONNECT';

export const UNSUPPORTED_METHODS = ['PATCH'];

/**
 * Runs one callback-style platform request as a promise: `start` gets the settle
 * functions and returns the task, whose `abort()` the caller's signal calls. Callbacks
 * after an abort are ignored (the platforms call `fail` then).
 */
export function platformRequest<T>(
  req: HttpRequest,
  start: (ok: (value: T) => void, fail: (err: unknown) => void) => { abort(...args: never[]): unknown } | undefined,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const { signal } = req;
    if (signal?.aborted) return reject(abortReason(signal));
    let settled = false;
    let detach = () => {};
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      detach();
      fn();
    };
    const task = start(
      (v) => settle(() => resolve(v)),
      (e) => settle(() => reject(e)),
    );
    detach = onAbort(signal, () =>
      settle(() => {
        task?.abort();
        reject(abortReason(signal!));
      }),
    );
  });
}

/** A body the mini-program request functions can send: text only. */
export function textBody(platform: string, body: unknown): string | undefined {
  if (body === undefined || typeof body === 'string') return body;
  throw new TypeError(`bffkit: ${platform} sends text bodies only; pass forms as records of fields, not FormData`);
}
