// `@bffkit/client`: the web client, on `fetch`.
import { createCoreClient } from './client.js';
import { fetchTransport } from './transport-fetch.js';
import type { CallInput, CoreClient, CoreOptions, ItemStream, StreamOptions } from './types.js';

export * from './common.js';
export { createCoreClient } from './client.js';
export { fetchTransport } from './transport-fetch.js';

export interface ClientOptions extends CoreOptions {
  /** Custom fetch implementation (default: the global `fetch`). */
  fetch?: typeof fetch;
}

/** On the web, a stream is also `for await`-able. */
export interface BffClient extends CoreClient {
  stream<T = unknown>(input: CallInput, options?: StreamOptions): ItemStream<T> & AsyncIterable<T>;
}

export function createClient(options: ClientOptions = {}): BffClient {
  return createCoreClient(fetchTransport(options.fetch), options) as BffClient;
}
