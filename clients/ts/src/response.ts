import { errorFromBody } from './error.js';
import type { HttpResponse } from './transport.js';

/** Parses a response body: empty → undefined, JSON when it parses, else the text. */
export function parseBody(res: HttpResponse): unknown {
  const text = res.body;
  if (text === '') return undefined;
  const ct = res.headers['content-type'] || '';
  if (ct && !/json/i.test(ct)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Turns (status, body) into the caller's value, or throws a BffError. */
export function settle(status: number, statusText: string | undefined, body: unknown, envelope: boolean): unknown {
  if (status >= 400) throw errorFromBody(status, statusText, body);
  return envelope ? unwrapEnvelope(body) : body;
}

/** `{data, msg, code}` → data; anything else (e.g. a 204's undefined) passes through. */
export function unwrapEnvelope(body: unknown): unknown {
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const o = body as Record<string, unknown>;
    if ('code' in o && 'msg' in o) return o.data;
  }
  return body;
}
