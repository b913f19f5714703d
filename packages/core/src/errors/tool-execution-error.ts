import { ToolloopError, type ToolloopErrorOptions } from './toolloop-error.js';

/** Constructor options of ToolExecutionError. */
export interface ToolExecutionErrorOptions extends ToolloopErrorOptions {
  toolName: string;
  toolCallId: string;
}

/** A tool's execute threw (or timed out). Fed back to the model; the run continues. */
export class ToolExecutionError extends ToolloopError {
  readonly toolName: string;
  readonly toolCallId: string;

  constructor(options: ToolExecutionErrorOptions) {
    super({ code: 'tool-execution', origin: 'tool', message: options.message, cause: options.cause });
    this.toolName = options.toolName;
    this.toolCallId = options.toolCallId;
  }

  /** True for a ToolExecutionError, even one from another copy of the package. */
  static override isInstance(error: unknown): error is ToolExecutionError {
    return ToolloopError.isInstance(error) && error.code === 'tool-execution';
  }
}
