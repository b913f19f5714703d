import { ToolloopError } from '@toolloop/core';

/** Why retrying stopped. */
export type RetryStopReason =
  /** Every allowed attempt failed. */
  | 'max-retries-exceeded'
  /** A later attempt failed with an error the policy does not retry. */
  | 'not-retryable'
  /** The server asked for a wait longer than `maxRetryAfterMs`. */
  | 'retry-after-too-long';

/** Constructor options of {@link RetryError}. */
export interface RetryErrorOptions {
  reason: RetryStopReason;
  /** Every attempt's error, oldest first. */
  errors: unknown[];
  message: string;
}

/**
 * A model call failed and retrying gave up. `errors` keeps each attempt's error, `lastError` the
 * final one (also the `cause`), `attempts` how many requests were made.
 */
export class RetryError extends ToolloopError {
  readonly reason: RetryStopReason;
  readonly errors: unknown[];
  readonly lastError: unknown;
  readonly attempts: number;

  constructor(options: RetryErrorOptions) {
    const lastError = options.errors.at(-1);
    super({ code: 'retry-exhausted', origin: 'provider', message: options.message, cause: lastError });
    this.reason = options.reason;
    this.errors = options.errors;
    this.lastError = lastError;
    this.attempts = options.errors.length;
  }

  /** True for a RetryError, even one from another copy of the package. */
  static override isInstance(error: unknown): error is RetryError {
    return ToolloopError.isInstance(error) && error.code === 'retry-exhausted';
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason, attempts: this.attempts };
  }
}
