import { ToolloopError } from './toolloop-error.js';

export interface APICallErrorOptions {
  message: string;
  url?: string | undefined;
  /** HTTP status; undefined for connection failures (reset, refused, DNS, timeout before headers). */
  status?: number | undefined;
  isRetryable: boolean;
  requestId?: string | undefined;
  /** Response headers (lower-cased). Authorization-like headers are never kept. */
  responseHeaders?: Record<string, string> | undefined;
  /** A short, redacted excerpt of the response body. */
  responseBody?: string | undefined;
  /** The provider's error code or type, when the body had one (e.g. `rate_limit_exceeded`). */
  providerCode?: string | undefined;
  cause?: unknown;
}

/** An HTTP call to a model API failed: a non-2xx status or a connection error. */
export class APICallError extends ToolloopError {
  readonly url: string | undefined;
  readonly status: number | undefined;
  readonly isRetryable: boolean;
  readonly requestId: string | undefined;
  readonly responseHeaders: Record<string, string>;
  readonly responseBody: string | undefined;
  readonly providerCode: string | undefined;

  constructor(options: APICallErrorOptions) {
    super('api-call', options.message, { cause: options.cause });
    this.url = options.url;
    this.status = options.status;
    this.isRetryable = options.isRetryable;
    this.requestId = options.requestId;
    this.responseHeaders = options.responseHeaders ?? {};
    this.responseBody = options.responseBody;
    this.providerCode = options.providerCode;
  }

  static override isInstance(error: unknown): error is APICallError {
    return ToolloopError.isInstance(error) && error.code === 'api-call';
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      url: this.url,
      status: this.status,
      isRetryable: this.isRetryable,
      requestId: this.requestId,
      providerCode: this.providerCode,
      responseBody: this.responseBody,
    };
  }
}

/** Statuses worth retrying: request timeout, conflict, rate limit and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}
