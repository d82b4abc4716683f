import { abortReason, onAbort } from './signal.js';
import type { HttpRequest, HttpResponse, Socket, Transport } from './transport.js';

/** The web's transport: `fetch` (a custom one if given), `ReadableStream` chunks, `WebSocket`. */
export function fetchTransport(customFetch?: typeof fetch): Transport {
  return {
    platform: 'fetch',
    chunked: true,
    unsupportedMethods: [],
    request: (req) => send(customFetch, req),
    connect: (url) => webSocket(url),
  };
}

async function send(customFetch: typeof fetch | undefined, req: HttpRequest): Promise<HttpResponse> {
  // fetch takes only its own AbortSignal: one is linked to the caller's signal.
  const { signal } = req;
  let controller: AbortController | undefined;
  let detach = () => {};
  if (signal) {
    controller = new AbortController();
    const c = controller;
    detach = onAbort(signal, () => c.abort(abortReason(signal)));
  }
  try {
    // Calling through a local avoids "Illegal invocation" with window.fetch.
    const f = customFetch ?? fetch;
    const res = await f(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body as BodyInit | undefined,
      // A web AbortSignal goes to fetch as it is; the runtime's own signals through a linked one.
      signal: typeof AbortSignal === 'function' && signal instanceof AbortSignal ? signal : controller?.signal,
    });
    const headers: Record<string, string> = {};
    res.headers.forEach((value, name) => (headers[name.toLowerCase()] = value));
    const out: HttpResponse = { status: res.status, statusText: res.statusText, headers, body: '' };
    if (req.onChunk && res.body) {
      const reader = res.body.getReader();
      // A pending read does not always end when fetch is aborted after the last byte came
      // (undici): cancelling the reader ends it.
      const stop = onAbort(signal, () => void reader.cancel().catch(() => {}));
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (signal?.aborted) throw abortReason(signal);
          if (done) break;
          req.onChunk(value);
        }
      } finally {
        stop();
        // Stopped early (abort) or failed: release the connection.
        reader.cancel().catch(() => {});
      }
    } else if (req.onChunk) {
      req.onChunk(new Uint8Array(await res.arrayBuffer()));
    } else {
      out.body = await res.text();
    }
    return out;
  } finally {
    detach();
  }
}

function webSocket(url: string): Socket {
  const ws = new WebSocket(url);
  return {
    send: (text) => ws.send(text),
    close: (code, reason) => ws.close(code, reason),
    onOpen: (l) => ws.addEventListener('open', () => l()),
    onMessage: (l) => ws.addEventListener('message', (e) => l(String(e.data))),
    onClose: (l) => ws.addEventListener('close', (e) => l(e.code, e.reason)),
    onError: (l) => ws.addEventListener('error', () => l('WebSocket error')),
  };
}
