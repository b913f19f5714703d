import { ToolloopError, type ToolloopErrorOptions } from './toolloop-error.js';

/** Constructor options of ToolInputError. */
export interface ToolInputErrorOptions extends ToolloopErrorOptions {
  toolName: string;
  /** The model's raw JSON arguments. */
  arguments: string;
}

/** The model's arguments for a tool were not valid JSON or failed the tool's schema. Fed back to the model. */
export class ToolInputError extends ToolloopError {
  readonly toolName: string;
  /** The model's raw JSON arguments. */
  readonly arguments: string;

  constructor(options: ToolInputErrorOptions) {
    super({ code: 'tool-input', origin: 'model', message: options.message, cause: options.cause });
    this.toolName = options.toolName;
    this.arguments = options.arguments;
  }

  /** True for a ToolInputError, even one from another copy of the package. */
  static override isInstance(error: unknown): error is ToolInputError {
    return ToolloopError.isInstance(error) && error.code === 'tool-input';
  }
}
