import { ToolloopError, type ToolloopErrorOptions } from './toolloop-error.js';

/** A stream event could not be parsed (malformed JSON, an oversized event). */
export class StreamParseError extends ToolloopError {
  constructor(options: ToolloopErrorOptions) {
    super({ code: 'stream-parse', origin: 'provider', message: options.message, cause: options.cause });
  }

  /** True for a StreamParseError, even one from another copy of the package. */
  static override isInstance(error: unknown): error is StreamParseError {
    return ToolloopError.isInstance(error) && error.code === 'stream-parse';
  }
}
