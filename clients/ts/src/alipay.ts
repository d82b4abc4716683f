// `@bffkit/client/alipay`: the client on Alipay's `my.request`.
import { createCoreClient } from './client.js';
import { alipayTransport, type AlipayLike } from './transport-alipay.js';
import type { CoreClient, CoreOptions } from './types.js';

export * from './common.js';
export { createCoreClient } from './client.js';
export { alipayTransport } from './transport-alipay.js';
export type { AlipayLike, AlipaySocketTask } from './transport-alipay.js';

// Module-local: the global `my` where the engine has one, whatever the app's typings say.
declare const my: AlipayLike | undefined;

export interface ClientOptions extends CoreOptions {
  /** The platform object (default the global `my`). */
  platform?: AlipayLike;
}

export type BffClient = CoreClient;

export function createClient(options: ClientOptions = {}): BffClient {
  const platform = options.platform ?? (typeof my !== 'undefined' ? my : undefined);
  if (!platform) throw new TypeError('bffkit: no `my` here; pass createClient({ platform })');
  return createCoreClient(alipayTransport(platform), options);
}
