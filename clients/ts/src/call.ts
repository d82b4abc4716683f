import { normalizeQuery, splitPath, encodeQuery, type WireQuery } from './query.js';
import { lowerHeaders } from './transport.js';
import type { CallInput, FormDataLike } from './types.js';

/** A call after validation: upper-case method, path without `?`, wire-form query. */
export interface NormalizedCall {
  method: string;
  path: string;
  query?: WireQuery;
  data?: unknown;
  body?: string;
  formData?: FormDataLike | Record<string, unknown>;
  formUrlencoded?: string | Record<string, unknown> | FormDataLike;
  headers?: Record<string, string>;
}

export function normalizeCall(input: CallInput): NormalizedCall {
  if (!input || typeof input.path !== 'string' || typeof input.method !== 'string') {
    throw new TypeError('bffkit: call input needs a string method and path');
  }
  const kinds = [input.data, input.body, input.formData, input.formUrlencoded].filter((x) => x !== undefined);
  if (kinds.length > 1) {
    throw new TypeError('bffkit: give at most one of data, body, formData, formUrlencoded');
  }
  const { path, query } = splitPath(input.path, normalizeQuery(input.query));
  const call: NormalizedCall = { method: input.method.toUpperCase(), path };
  if (query) call.query = query;
  if (input.data !== undefined) call.data = input.data;
  if (input.body !== undefined) call.body = input.body;
  if (input.formData !== undefined) call.formData = input.formData;
  if (input.formUrlencoded !== undefined) call.formUrlencoded = input.formUrlencoded;
  const headers = lowerHeaders(input.headers);
  if (Object.keys(headers).length) call.headers = headers;
  return call;
}

export function isBatchable(call: NormalizedCall): boolean {
  return call.body === undefined && call.formData === undefined && call.formUrlencoded === undefined && !call.headers;
}

/** GET/HEAD share executions and (GET) cache results. */
export function isShareable(call: NormalizedCall): boolean {
  return call.method === 'GET' || call.method === 'HEAD';
}

/** Identity of a call for dedup/cache: method, path, sorted query, sorted headers, data. */
export function callKey(call: NormalizedCall): string {
  let key = `${call.method} ${call.path}?${encodeQuery(call.query, true)}`;
  if (call.headers) {
    const h = call.headers;
    key += ' ' + JSON.stringify(Object.keys(h).sort().map((k) => [k, h[k]]));
  }
  if (call.data !== undefined) key += ' ' + JSON.stringify(call.data);
  return key;
}

/** `baseUrl + path + ?query`. */
export function callUrl(baseUrl: string, call: NormalizedCall): string {
  const qs = encodeQuery(call.query);
  return baseUrl + call.path + (qs ? '?' + qs : '');
}
