export { createClient } from './client.js';
export { BffError } from './error.js';
export { encodeQuery } from './query.js';
export type { Query, QueryValue, WireQuery } from './query.js';
export type {
  BffClient,
  CallInput,
  CallOptions,
  ClientOptions,
  HeadersOption,
  InterceptedRequest,
  Interceptor,
} from './types.js';
export type { StreamOptions } from './stream.js';
