const marker = Symbol.for('toolloop.error');

/** Stable error codes. A code never changes meaning between releases. */
export type ToolloopErrorCode =
  | 'api-call'
  | 'timeout'
  | 'aborted'
  | 'tool-input'
  | 'tool-execution'
  | 'no-such-tool'
  | 'invalid-option'
  | 'stream-parse'
  | 'stream-interrupted'
  | 'budget-exceeded'
  | 'retry-exhausted'
  | 'image-input'
  | 'sink-overflow'
  | (string & {});

/** Constructor options shared by every ToolloopError. */
export interface ToolloopErrorOptions {
  /** The underlying error, kept as the standard `cause`. */
  cause?: unknown;
}

/**
 * Base class of every error toolloop throws. `code` is stable; use `ToolloopError.isInstance(e)`
 * rather than `instanceof`, because a monorepo can end up with two copies of a package.
 */
export class ToolloopError extends Error {
  readonly [marker] = true;
  /** Stable machine-readable kind (`api-call`, `timeout`, …): branch on this, not on messages. */
  readonly code: ToolloopErrorCode;

  constructor(code: ToolloopErrorCode, message: string, options: ToolloopErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.name = new.target.name;
  }

  /** True for any toolloop error, even one thrown by another copy of the package. */
  static isInstance(error: unknown): error is ToolloopError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }

  /** Plain data for logs: code, name and message, never secrets (messages are redacted at construction). */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message };
  }
}

/**
 * True when `error` is a ToolloopError with the given code (cross-copy safe).
 * @example if (hasErrorCode(error, 'aborted')) return; // the user cancelled
 */
export function hasErrorCode(error: unknown, code: ToolloopErrorCode): error is ToolloopError {
  return ToolloopError.isInstance(error) && error.code === code;
}
