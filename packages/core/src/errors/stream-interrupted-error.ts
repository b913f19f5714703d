import { ToolloopError, type ToolloopErrorOptions } from './toolloop-error.js';

/** Constructor options of StreamInterruptedError. */
export interface StreamInterruptedErrorOptions extends ToolloopErrorOptions {
  /** The text that arrived before the stream broke off. */
  partialText?: string | undefined;
}

/** A stream ended before it was complete (connection cut, EOF without a finish reason). Carries what arrived. */
export class StreamInterruptedError extends ToolloopError {
  /** The text that arrived before the stream broke off. */
  readonly partialText: string;

  constructor(options: StreamInterruptedErrorOptions) {
    super({ code: 'stream-interrupted', origin: 'provider', message: options.message, cause: options.cause });
    this.partialText = options.partialText ?? '';
  }

  /** True for a StreamInterruptedError, even one from another copy of the package. */
  static override isInstance(error: unknown): error is StreamInterruptedError {
    return ToolloopError.isInstance(error) && error.code === 'stream-interrupted';
  }
}
