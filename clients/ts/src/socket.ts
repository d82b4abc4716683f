import { clientError } from './error.js';
import type { Transport } from './transport.js';
import type { BffSocket } from './types.js';

/** A socket lambda's connection: JSON out, JSON (or text) in. */
export function openSocket<Out, In>(transport: Transport, url: string, headers: Record<string, string>): BffSocket<Out, In> {
  if (!transport.connect) throw clientError(`${transport.platform}: this platform has no WebSocket`);
  const socket = transport.connect(url, headers);
  return {
    send: (message) => socket.send(JSON.stringify(message)),
    close: (code, reason) => socket.close(code, reason),
    onOpen: (listener) => socket.onOpen(listener),
    onMessage: (listener) =>
      socket.onMessage((text) => {
        let message: unknown = text;
        try {
          message = JSON.parse(text);
        } catch {
          // not JSON: the text as it came
        }
        listener(message as In);
      }),
    onClose: (listener) => socket.onClose(listener),
    onError: (listener) => socket.onError(listener),
  };
}
