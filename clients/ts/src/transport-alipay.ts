import { clientError } from './error.js';
import { platformRequest, textBody, UNSUPPORTED_METHODS, type PlatformMethod } from './platform.js';
import { lowerHeaders, type HttpResponse, type Socket, type Transport } from './transport.js';

interface AlipayAnswer {
  data?: unknown;
  status?: number;
  headers?: Record<string, unknown>;
}

/** The part of `my` the client uses, as Alipay's official typings (`@mini-types/my`) declare it. */
export interface AlipayLike {
  request(option: {
    url: string;
    method?: PlatformMethod;
    headers?: Record<string, string>;
    data?: string;
    dataType?: 'base64' | 'json' | 'text' | 'arraybuffer';
    success?(res: { data: unknown; status: number; headers: Record<string, string> }): void;
    fail?(err: { error?: number; errorMessage?: string }): void;
  }): { abort(...args: never[]): unknown } | undefined;
  getAuthCode?(option: {
    scopes?: string | string[];
    success?(res: { authCode: string }): void;
    fail?(err: { error?: number; errorMessage?: string }): void;
  }): unknown;
  getStorageSync?(option: { key: string }): { data: unknown };
  setStorageSync?(option: { key: string; data: unknown }): unknown;
  removeStorageSync?(option: { key: string }): unknown;
  connectSocket?(option: { url: string; header?: Record<string, string>; multiple: true }): AlipaySocketTask;
}

export interface AlipaySocketTask {
  send(option: { data: string }): unknown;
  close(option?: { code?: number; reason?: string }): unknown;
  onOpen(listener: (res: unknown) => void): void;
  onMessage(listener: (res: { data: { data: string | ArrayBuffer } }) => void): void;
  onClose(listener: (res: unknown) => void): void;
  onError(listener: (res: unknown) => void): void;
}

/** Alipay's "http status error": `my.request` calls `fail` for every status outside 2xx. */
const HTTP_STATUS_ERROR = 19;

/**
 * `my.request`: `headers`/`status`, text bodies, and no chunked reads (its typings have
 * no `onChunkReceived`), so batch answers come whole and streaming calls are refused.
 */
export function alipayTransport(my: AlipayLike): Transport {
  return {
    platform: 'alipay',
    chunked: false,
    unsupportedMethods: UNSUPPORTED_METHODS,
    request: (req) =>
      platformRequest<HttpResponse>(req, (ok, fail) => {
        const task = my.request({
          url: req.url,
          method: req.method as PlatformMethod,
          headers: req.headers,
          data: textBody('alipay', req.body),
          dataType: 'text',
          success: (res) => ok(answer(res)),
          fail: (err) => {
            const e = err as { error?: number; errorMessage?: string } & AlipayAnswer;
            // Base libraries that hand the answer to `fail` keep the typed error: status and body.
            if (e.error === HTTP_STATUS_ERROR && typeof e.status === 'number') return ok(answer(e));
            if (e.error === HTTP_STATUS_ERROR) {
              return fail(clientError(`alipay: the server answered a status outside 2xx, and this base library's my.request gives no status or body with error 19 (${e.errorMessage})`, err));
            }
            fail(clientError(`alipay: request failed: ${e.errorMessage} (error ${e.error})`, err));
          },
        });
        // Newer base libraries also return a promise; the callbacks already have the answer.
        const p = task as unknown as { then?: (a: unknown, b: () => void) => void };
        if (p && typeof p.then === 'function') p.then(undefined, () => {});
        return task;
      }),
    storage: my.getStorageSync && {
      get: (key) => {
        const v = my.getStorageSync!({ key });
        return v && typeof v.data === 'string' && v.data !== '' ? v.data : undefined;
      },
      set: (key, data) => void my.setStorageSync!({ key, data }),
      remove: (key) => void my.removeStorageSync!({ key }),
    },
    login: () =>
      new Promise((resolve, reject) => {
        if (!my.getAuthCode) return reject(clientError('alipay: my.getAuthCode is missing'));
        my.getAuthCode({
          scopes: 'auth_base',
          success: (res) => resolve({ auth_code: res.authCode }),
          fail: (err) => reject(clientError(`alipay: getAuthCode failed: ${err.errorMessage} (error ${err.error})`, err)),
        });
      }),
    connect: (url, headers) => {
      if (!my.connectSocket) throw clientError('alipay: my.connectSocket is missing');
      return alipaySocket(my.connectSocket({ url, header: headers, multiple: true }));
    },
  };
}

function answer(res: AlipayAnswer): HttpResponse {
  const body = res.data;
  return {
    status: res.status!,
    headers: lowerHeaders(res.headers),
    body: typeof body === 'string' ? body : body === undefined || body === null ? '' : JSON.stringify(body),
  };
}

function alipaySocket(task: AlipaySocketTask): Socket {
  return {
    send: (text) => void task.send({ data: text }),
    close: (code, reason) => void task.close({ code, reason }),
    onOpen: (l) => task.onOpen(() => l()),
    onMessage: (l) => task.onMessage((res) => l(typeof res.data.data === 'string' ? res.data.data : '')),
    // Alipay's close event carries no code or reason.
    onClose: (l) => task.onClose(() => l(1000, '')),
    onError: (l) => task.onError(() => l('alipay: WebSocket error')),
  };
}
