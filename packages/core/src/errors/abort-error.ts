import { ToolloopError, type ToolloopErrorOptions } from './toolloop-error.js';

/** The caller's AbortSignal fired. `name` is 'AbortError' so DOM-style checks work too. */
export class AbortError extends ToolloopError {
  constructor(options: Partial<ToolloopErrorOptions> = {}) {
    super({
      code: 'aborted',
      origin: 'user',
      message: options.message ?? 'The run was aborted by its AbortSignal.',
      cause: options.cause,
    });
    this.name = 'AbortError';
  }

  /** True for an AbortError, even one from another copy of the package. */
  static override isInstance(error: unknown): error is AbortError {
    return ToolloopError.isInstance(error) && error.code === 'aborted';
  }
}
