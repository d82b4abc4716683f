import type { CancelSignal } from './signal.js';

/**
 * The platform's side of the client: one HTTP request at a time, and on mini-programs
 * the sign-in code, a key-value store and sockets. `fetch` (web), `wx.request` (WeChat)
 * and `my.request` (Alipay) implement it; everything else in the runtime is plain
 * ECMAScript.
 */
export interface Transport {
  /** `fetch`, `wechat` or `alipay`: named in errors about what the platform cannot do. */
  readonly platform: string;
  request(req: HttpRequest): Promise<HttpResponse>;
  /** Whether `HttpRequest.onChunk` gets the body as it arrives (else it comes whole). */
  readonly chunked: boolean;
  /** Methods the platform's request function cannot send (`PATCH` on mini-programs). */
  readonly unsupportedMethods: readonly string[];
  /** Where the session token is kept (mini-programs: the platform's storage). */
  readonly storage?: TokenStorage;
  /** The platform's sign-in code, as the body its sign-in route takes. */
  login?(): Promise<Record<string, string>>;
  /** A WebSocket to `url`. */
  connect?(url: string, headers: Record<string, string>): Socket;
}

export interface HttpRequest {
  url: string;
  method: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** Text, or (web only) a body `fetch` takes as it is, such as `FormData`. */
  body?: unknown;
  signal?: CancelSignal;
  /** Set when the caller reads the body as it arrives: every byte goes here, `body` is `''`. */
  onChunk?: (bytes: Uint8Array) => void;
}

export interface HttpResponse {
  status: number;
  statusText?: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
}

export interface TokenStorage {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
  remove(key: string): void;
}

/** The part of a WebSocket the runtime uses, on every platform. */
export interface Socket {
  send(text: string): void;
  close(code?: number, reason?: string): void;
  onOpen(listener: () => void): void;
  onMessage(listener: (text: string) => void): void;
  onClose(listener: (code: number, reason: string) => void): void;
  onError(listener: (message: string) => void): void;
}

/** Header names in lower case, so later ones replace earlier ones whatever their case. */
export function lowerHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers) for (const k of Object.keys(headers)) if (headers[k] !== undefined) out[k.toLowerCase()] = String(headers[k]);
  return out;
}
