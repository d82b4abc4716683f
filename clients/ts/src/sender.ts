import { BffError, clientError } from './error.js';
import { callUrl, type NormalizedCall } from './call.js';
import { encodeFormRecord } from './query.js';
import { parseBody, settle } from './response.js';
import { abortReason } from './signal.js';
import { lowerHeaders, type HttpRequest, type HttpResponse, type Transport } from './transport.js';
import type { FormDataLike, HeadersOption, InterceptedRequest, Interceptor } from './types.js';

export interface SenderConfig {
  baseUrl: string;
  headers?: HeadersOption;
  interceptor?: Interceptor;
  envelope: boolean;
  /** The session token to send as bearer, if any. */
  token(): string | undefined;
}

/**
 * Every HTTP request the client makes goes through `send`: default headers, the session's
 * bearer token, the interceptor, then the platform's transport.
 */
export class Sender {
  constructor(
    readonly transport: Transport,
    readonly config: SenderConfig,
  ) {}

  async send(req: HttpRequest): Promise<HttpResponse> {
    const h = this.config.headers;
    const headers = lowerHeaders(typeof h === 'function' ? await h() : h);
    const token = this.config.token();
    if (token) headers.authorization = 'Bearer ' + token;
    let r: InterceptedRequest = {
      url: req.url,
      init: { method: req.method, headers: { ...headers, ...req.headers }, body: req.body, signal: req.signal },
    };
    if (this.config.interceptor) r = await this.config.interceptor(r);
    const signal = r.init.signal;
    if (signal?.aborted) throw abortReason(signal);
    try {
      return await this.transport.request({ ...r.init, url: r.url, headers: lowerHeaders(r.init.headers), onChunk: req.onChunk });
    } catch (err) {
      if (signal?.aborted || err instanceof BffError || (err as Error)?.name === 'AbortError') throw err;
      throw clientError((err as Error)?.message || 'network error', err);
    }
  }

  /** One call as an ordinary HTTP request. */
  async direct(call: NormalizedCall, signal?: HttpRequest['signal']): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json' };
    let body: unknown;
    if (call.data !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(call.data);
    } else if (call.body !== undefined) {
      headers['content-type'] = 'text/plain';
      body = call.body;
    } else if (call.formData !== undefined) {
      if (isFormDataLike(call.formData)) {
        body = call.formData; // fetch sets multipart content-type with its boundary
      } else {
        const boundary = '----bffkit' + Math.random().toString(36).slice(2) + Date.now().toString(36);
        headers['content-type'] = 'multipart/form-data; boundary=' + boundary;
        body = multipart(call.formData, boundary);
      }
    } else if (call.formUrlencoded !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      const f = call.formUrlencoded;
      body = typeof f === 'string' ? f : isFormDataLike(f) ? String(f) : encodeFormRecord(f);
    }
    Object.assign(headers, call.headers);
    if (isFormDataLike(call.formData)) delete headers['content-type'];
    const res = await this.send({ url: callUrl(this.config.baseUrl, call), method: call.method, headers, body, signal });
    const parsed = call.method === 'HEAD' ? undefined : parseBody(res);
    try {
      return settle(res.status, res.statusText, parsed, this.config.envelope);
    } catch (err) {
      const wait = Number(res.headers['retry-after'] ?? NaN);
      if (err instanceof BffError && err.retryAfter === undefined && wait >= 0) err.retryAfter = wait;
      throw err;
    }
  }
}

function isFormDataLike(value: unknown): value is FormDataLike {
  return value != null && typeof (value as FormDataLike).append === 'function';
}

/** A file part of a multipart record: mini-programs have no `Blob`, so its text and name. */
export interface FilePart {
  filename: string;
  content: string;
  contentType?: string;
}

/** A record of fields as a multipart body (files on disk need the platform's upload API). */
function multipart(record: Record<string, unknown>, boundary: string): string {
  let out = '';
  const quote = (s: string) => s.replace(/"/g, '%22').replace(/\r|\n/g, ' ');
  for (const name of Object.keys(record)) {
    const field = record[name];
    for (const item of Array.isArray(field) ? field : [field]) {
      if (item === undefined || item === null) continue;
      const file = item as FilePart;
      let head = `content-disposition: form-data; name="${quote(name)}"`;
      let text: string;
      if (typeof file.filename === 'string' && typeof file.content === 'string') {
        head += `; filename="${quote(file.filename)}"\r\ncontent-type: ${file.contentType || 'application/octet-stream'}`;
        text = file.content;
      } else {
        text = typeof item === 'object' ? JSON.stringify(item) : String(item);
      }
      out += `--${boundary}\r\n${head}\r\n\r\n${text}\r\n`;
    }
  }
  return out + `--${boundary}--\r\n`;
}
