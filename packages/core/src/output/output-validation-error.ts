import { ToolloopError, type ToolloopErrorOptions } from '../errors/toolloop-error.js';
import type { Usage } from '../model/model.js';

/** Options of {@link OutputValidationError}. */
export interface OutputValidationErrorOptions extends ToolloopErrorOptions {
  message: string;
  /** The model's last answer as it arrived (JSON text, or the final-answer tool's arguments). */
  text: string;
  /** What was wrong with it, one `path: message` per issue (or why there was no answer). */
  issues: string;
  /** Tokens billed across the run, repair included. */
  usage: Usage;
}

/**
 * The run asked for a typed answer (`output`) and did not get a valid one, even after one repair
 * round: carries the last answer's text, the issues and the run's usage.
 */
export class OutputValidationError extends ToolloopError {
  readonly text: string;
  readonly issues: string;
  readonly usage: Usage;

  constructor(options: OutputValidationErrorOptions) {
    super({ code: 'output-validation', origin: 'model', message: options.message, cause: options.cause });
    this.text = options.text;
    this.issues = options.issues;
    this.usage = options.usage;
  }

  /** True only for an OutputValidationError (by code, so another copy of the package counts). */
  static override isInstance(error: unknown): error is OutputValidationError {
    return ToolloopError.isInstance(error) && error.code === 'output-validation';
  }
}
