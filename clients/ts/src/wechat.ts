// `@bffkit/client/wechat`: the client on `wx.request` (or another function of the same
// contract, such as uni-app's `uni.request`, given as `platform`).
import { createCoreClient } from './client.js';
import { wechatTransport, type WechatLike } from './transport-wechat.js';
import type { CoreClient, CoreOptions } from './types.js';

export * from './common.js';
export { createCoreClient } from './client.js';
export { wechatTransport } from './transport-wechat.js';
export type { WechatLike, WechatRequestTask, WechatSocketTask } from './transport-wechat.js';

// Module-local: the global `wx` where the engine has one, whatever the app's typings say.
declare const wx: WechatLike | undefined;

export interface ClientOptions extends CoreOptions {
  /** The platform object (default the global `wx`), or one with its contract such as `uni`. */
  platform?: WechatLike;
}

export type BffClient = CoreClient;

export function createClient(options: ClientOptions = {}): BffClient {
  const platform = options.platform ?? (typeof wx !== 'undefined' ? wx : undefined);
  if (!platform) throw new TypeError('bffkit: no `wx` here; pass createClient({ platform })');
  return createCoreClient(wechatTransport(platform), options);
}
