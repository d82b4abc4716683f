/** Every non-success of a call surfaces as a BffError (aborts excepted). */
export class BffError extends Error {
  /** HTTP status of the call; 0 when no response was received for it. */
  status: number;
  /** Application error code from the `{code, msg}` body; 0 when the body had none. */
  code: number;
  data?: unknown;
  cause?: unknown;
  /** Seconds the server asked to wait before trying again (a 429's `Retry-After`). */
  retryAfter?: number;

  constructor(status: number, code: number, message: string, data?: unknown, cause?: unknown) {
    super(message);
    // Keeps instanceof working when compiled down or bundled into older targets.
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = 'BffError';
    this.status = status;
    this.code = code;
    if (data !== undefined) this.data = data;
    if (cause !== undefined) this.cause = cause;
  }
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Builds the error for a status >= 400 from whatever body came with it. */
export function errorFromBody(status: number, statusText: string | undefined, body: unknown): BffError {
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const o = body as Record<string, unknown>;
    const code = typeof o.code === 'number' ? o.code : Number(o.code);
    if ('code' in o && isFinite(code)) {
      const msg = typeof o.msg === 'string' ? o.msg : statusText || reason(status);
      const error = new BffError(status, code, msg, o.data);
      // A rate limit's answer carries the wait in its body too, for batched calls.
      const wait = (o.data as { retry_after?: unknown } | undefined)?.retry_after;
      if (typeof wait === 'number' && wait >= 0) error.retryAfter = wait;
      return error;
    }
  }
  return new BffError(status, 0, statusText || reason(status), body);
}

function reason(status: number): string {
  return REASONS[status] || `HTTP ${status}`;
}

/** A failure with no response (network, timeout, platform limit): status 0, code 0. */
export function clientError(message: string, cause?: unknown): BffError {
  return new BffError(0, 0, message, undefined, cause);
}
