import { ToolloopError } from '@toolloop/core';

/**
 * A batch that cannot start as asked: bad input lines, an output file that already exists, a
 * checkpoint of another input. The message names the problem and the fix; nothing was sent.
 */
export class BatchInputError extends ToolloopError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('batch-input', message, options);
    this.name = 'BatchInputError';
  }

  /** True for this error, even from another copy of the package (by `code`). */
  static override isInstance(error: unknown): error is BatchInputError {
    return ToolloopError.isInstance(error) && error.code === 'batch-input';
  }
}
