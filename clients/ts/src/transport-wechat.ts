import { clientError } from './error.js';
import { platformRequest, textBody, UNSUPPORTED_METHODS, type PlatformMethod } from './platform.js';
import { lowerHeaders, type HttpResponse, type Socket, type Transport } from './transport.js';

/**
 * The part of `wx` the client uses, as WeChat's official typings
 * (`miniprogram-api-typings`) declare it; uni-app's `uni` fits it too (`@dcloudio/types`).
 */
export interface WechatLike {
  request(option: {
    url: string;
    method?: PlatformMethod;
    header?: Record<string, string>;
    data?: string;
    dataType?: string;
    responseType?: 'text' | 'arraybuffer';
    enableChunked?: boolean;
    success?(res: { data: unknown; statusCode: number; header: Record<string, unknown> }): void;
    fail?(err: { errMsg: string; errno?: number }): void;
  }): WechatRequestTask | undefined;
  login?(option: { success?(res: { code: string }): void; fail?(err: { errMsg: string }): void }): void;
  getStorageSync?(key: string): unknown;
  setStorageSync?(key: string, data: unknown): void;
  removeStorageSync?(key: string): void;
  connectSocket?(option: { url: string; header?: Record<string, string> }): WechatSocketTask;
}

export interface WechatRequestTask {
  abort(): void;
  onChunkReceived?(listener: (res: { data: ArrayBuffer }) => void): void;
}

export interface WechatSocketTask {
  send(option: { data: string }): void;
  close(option: { code?: number; reason?: string }): void;
  onOpen(listener: (res: unknown) => void): void;
  onMessage(listener: (res: { data: string | ArrayBuffer }) => void): void;
  onClose(listener: (res: { code: number; reason: string }) => void): void;
  onError(listener: (res: { errMsg: string }) => void): void;
}

/** `wx.request` (or a function with its contract): chunked reads with `enableChunked`. */
export function wechatTransport(wx: WechatLike, platform = 'wechat'): Transport {
  return {
    platform,
    chunked: true,
    unsupportedMethods: UNSUPPORTED_METHODS,
    request: (req) =>
      platformRequest<HttpResponse>(req, (ok, fail) => {
        const chunked = !!req.onChunk;
        const task = wx.request({
          url: req.url,
          method: req.method as PlatformMethod,
          header: req.headers,
          data: textBody(platform, req.body),
          // Not 'json': the text comes as it is and the runtime parses it.
          dataType: 'text',
          responseType: chunked ? 'arraybuffer' : 'text',
          enableChunked: chunked,
          success: (res) =>
            ok({
              status: res.statusCode,
              headers: lowerHeaders(res.header),
              body: chunked || typeof res.data !== 'string' ? '' : res.data,
            }),
          fail: (err) => fail(clientError(`${platform}: request failed: ${err.errMsg}`, err)),
        });
        if (chunked) {
          if (!task || !task.onChunkReceived) throw clientError(`${platform}: RequestTask.onChunkReceived is missing (base library 2.20.1+)`);
          task.onChunkReceived((res) => req.onChunk!(new Uint8Array(res.data)));
        }
        return task;
      }),
    storage: wx.getStorageSync && {
      get: (key) => {
        const v = wx.getStorageSync!(key);
        return typeof v === 'string' && v !== '' ? v : undefined;
      },
      set: (key, value) => wx.setStorageSync!(key, value),
      remove: (key) => wx.removeStorageSync!(key),
    },
    login: () =>
      new Promise((resolve, reject) => {
        if (!wx.login) return reject(clientError(`${platform}: login is missing`));
        wx.login({
          success: (res) => resolve({ code: res.code }),
          fail: (err) => reject(clientError(`${platform}: login failed: ${err.errMsg}`, err)),
        });
      }),
    connect: (url, headers) => {
      if (!wx.connectSocket) throw clientError(`${platform}: connectSocket is missing`);
      const task = wx.connectSocket({ url, header: headers });
      return wechatSocket(task);
    },
  };
}

function wechatSocket(task: WechatSocketTask): Socket {
  return {
    send: (text) => task.send({ data: text }),
    close: (code, reason) => task.close({ code, reason }),
    onOpen: (l) => task.onOpen(() => l()),
    onMessage: (l) => task.onMessage((res) => l(typeof res.data === 'string' ? res.data : '')),
    onClose: (l) => task.onClose((res) => l(res.code, res.reason)),
    onError: (l) => task.onError((res) => l(res.errMsg)),
  };
}
