import { ToolloopError, type ToolloopErrorOptions } from './toolloop-error.js';

/** Why a store could not be used. */
export type StoreUnavailableReason = 'closed' | 'unreachable' | 'timeout';

/** Constructor options of StoreUnavailableError. */
export interface StoreUnavailableErrorOptions extends ToolloopErrorOptions {
  /** The store, e.g. `redisStore(redis://127.0.0.1:6379)` (credentials removed). */
  store: string;
  reason: StoreUnavailableReason;
}

/**
 * A cache store, usage store or log sink could not be used: it was closed, its server did not
 * answer, or a command ran out of time. The cache treats it as a miss; sinks report it.
 */
export class StoreUnavailableError extends ToolloopError {
  readonly store: string;
  readonly reason: StoreUnavailableReason;

  constructor(options: StoreUnavailableErrorOptions) {
    super({
      code: 'store-unavailable',
      origin: 'environment',
      message: options.message,
      cause: options.cause,
    });
    this.store = options.store;
    this.reason = options.reason;
  }

  /** True for a StoreUnavailableError, even one from another copy of the package. */
  static override isInstance(error: unknown): error is StoreUnavailableError {
    return ToolloopError.isInstance(error) && error.code === 'store-unavailable';
  }
}
