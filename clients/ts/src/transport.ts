import { BffError } from './error.js';
import { encodeQuery } from './query.js';
import { readBody, settle } from './response.js';
import { lowerHeaders, type NormalizedCall } from './call.js';
import type { HeadersOption, Interceptor } from './types.js';

export interface TransportConfig {
  baseUrl: string;
  fetch?: typeof fetch;
  headers?: HeadersOption;
  interceptor?: Interceptor;
  envelope: boolean;
}

interface SendInit {
  method: string;
  headers: Record<string, string>;
  body?: BodyInit;
  signal?: AbortSignal;
}

/** Every HTTP request the client makes goes through `send` (headers, interceptor, fetch). */
export class Transport {
  constructor(readonly config: TransportConfig) {}

  async send(url: string, init: SendInit): Promise<Response> {
    const h = this.config.headers;
    const defaults = lowerHeaders(typeof h === 'function' ? await h() : h);
    let req = { url, init: { ...init, headers: { ...defaults, ...init.headers } } as RequestInit };
    if (this.config.interceptor) req = await this.config.interceptor(req);
    // Calling through a local avoids "Illegal invocation" with window.fetch.
    const f = this.config.fetch ?? fetch;
    try {
      return await f(req.url, req.init);
    } catch (err) {
      const signal = req.init.signal ?? init.signal;
      if (signal?.aborted || (err as Error)?.name === 'AbortError') throw err;
      throw new BffError(0, 0, (err as Error)?.message || 'network error', undefined, err);
    }
  }

  /** One call as an ordinary HTTP request. */
  async direct(call: NormalizedCall, signal?: AbortSignal): Promise<unknown> {
    const qs = encodeQuery(call.query);
    const url = this.config.baseUrl + call.path + (qs ? '?' + qs : '');
    const headers: Record<string, string> = { accept: 'application/json' };
    let body: BodyInit | undefined;
    if (call.data !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(call.data);
    } else if (call.body !== undefined) {
      headers['content-type'] = 'text/plain';
      body = call.body;
    } else if (call.formData !== undefined) {
      body = call.formData; // fetch sets multipart content-type with its boundary
    } else if (call.formUrlencoded !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      const f = call.formUrlencoded;
      body = typeof f === 'string' ? f : new URLSearchParams(f as Record<string, string>).toString();
    }
    Object.assign(headers, call.headers);
    if (call.formData !== undefined) delete headers['content-type'];
    const res = await this.send(url, { method: call.method, headers, body, signal });
    const parsed = call.method === 'HEAD' ? undefined : await readBody(res);
    try {
      return settle(res.status, res.statusText, parsed, this.config.envelope);
    } catch (err) {
      const wait = Number(res.headers.get('retry-after') ?? NaN);
      if (err instanceof BffError && err.retryAfter === undefined && wait >= 0) err.retryAfter = wait;
      throw err;
    }
  }
}
