import { ToolloopError } from './toolloop-error.js';

/** Constructor options of APICallError, filled in by providers from the failed HTTP exchange. */
export interface APICallErrorOptions {
  message: string;
  url?: string | undefined;
  /** HTTP status; undefined for connection failures (reset, refused, DNS, timeout before headers). */
  status?: number | undefined;
  /** Whether trying the same request again may succeed (429, 5xx, connection errors); the retry middleware reads it. */
  isRetryable: boolean;
  /** The provider's request id (e.g. `x-request-id`), for support tickets. */
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
  /** HTTP status; undefined when the connection failed before a response arrived. */
  readonly status: number | undefined;
  /** Whether the same request may succeed if tried again; the retry middleware decides on it. */
  readonly isRetryable: boolean;
  readonly requestId: string | undefined;
  /** Response headers (lower-cased), e.g. `retry-after` and rate-limit headers; `{}` without a response. */
  readonly responseHeaders: Record<string, string>;
  /** A short, redacted excerpt of the response body. */
  readonly responseBody: string | undefined;
  /** The provider's error code or type (e.g. `rate_limit_exceeded`, `context_length_exceeded`). */
  readonly providerCode: string | undefined;

  constructor(options: APICallErrorOptions) {
    super({ code: 'api-call', origin: 'provider', message: options.message, cause: options.cause });
    this.url = options.url;
    this.status = options.status;
    this.isRetryable = options.isRetryable;
    this.requestId = options.requestId;
    this.responseHeaders = options.responseHeaders ?? {};
    this.responseBody = options.responseBody;
    this.providerCode = options.providerCode;
  }

  /** True for an APICallError, even one from another copy of the package. */
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
