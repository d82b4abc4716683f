// What every entry (web, wechat, alipay) exports beside its own `createClient`.
export { BffError } from './error.js';
export { AbortError, CancelController } from './signal.js';
export { encodeQuery } from './query.js';
export type { CancelSignal } from './signal.js';
export type { Query, QueryValue, WireQuery } from './query.js';
export type { FilePart } from './sender.js';
export type { HttpRequest, HttpResponse, Socket, TokenStorage, Transport } from './transport.js';
export type {
  AuthRoutes,
  BffSocket,
  CallInput,
  CallOptions,
  CoreClient,
  CoreOptions,
  FormDataLike,
  HeadersOption,
  InterceptedRequest,
  Interceptor,
  ItemStream,
  SignedIn,
  StreamOptions,
} from './types.js';
