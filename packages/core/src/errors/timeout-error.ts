import { type ErrorOrigin, ToolloopError, type ToolloopErrorOptions } from './toolloop-error.js';

/** Constructor options of TimeoutError. */
export interface TimeoutErrorOptions extends ToolloopErrorOptions {
  /** The limit that ran out, in milliseconds. */
  timeoutMs?: number | undefined;
  /** Which wait ran out, e.g. `connect`, `body`, `tool`, `attempt`, `image-download`. */
  phase?: string | undefined;
  /** Who must act; `provider` unless the wait was on a tool or a store. */
  origin?: ErrorOrigin | undefined;
}

/** Something took longer than its limit (`timeoutMs` names which limit, `phase` which wait). */
export class TimeoutError extends ToolloopError {
  readonly timeoutMs: number | undefined;
  /** Which wait ran out, e.g. `connect`, `body`, `tool`, `attempt`, `image-download`. */
  readonly phase: string | undefined;

  constructor(options: TimeoutErrorOptions) {
    super({
      code: 'timeout',
      origin: options.origin ?? 'provider',
      message: options.message,
      cause: options.cause,
    });
    this.timeoutMs = options.timeoutMs;
    this.phase = options.phase;
  }

  /** True for a TimeoutError, even one from another copy of the package. */
  static override isInstance(error: unknown): error is TimeoutError {
    return ToolloopError.isInstance(error) && error.code === 'timeout';
  }
}
