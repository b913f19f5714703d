import { ToolloopError, type ToolloopErrorOptions } from './toolloop-error.js';

/** Constructor options of InvalidOptionError. */
export interface InvalidOptionErrorOptions extends ToolloopErrorOptions {
  /** The misconfigured option's name, e.g. `maxRetries`. */
  option: string;
}

/** A user's mistake in options or definitions, thrown at once; the message names the option and the fix. */
export class InvalidOptionError extends ToolloopError {
  /** The misconfigured option's name, e.g. `maxRetries`. */
  readonly option: string;

  constructor(options: InvalidOptionErrorOptions) {
    super({ code: 'invalid-option', origin: 'user', message: options.message, cause: options.cause });
    this.option = options.option;
  }

  /** True for an InvalidOptionError, even one from another copy of the package. */
  static override isInstance(error: unknown): error is InvalidOptionError {
    return ToolloopError.isInstance(error) && error.code === 'invalid-option';
  }
}
