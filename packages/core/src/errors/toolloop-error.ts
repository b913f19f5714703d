const marker = Symbol.for('toolloop.error');

/**
 * Stable error codes. A code never changes meaning between releases; every code any
 * `@toolloop/*` package throws is listed here.
 */
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
  | 'missing-dependency'
  | 'store-unavailable'
  | 'retry-exhausted'
  | 'image-input'
  | 'sink-overflow'
  | 'cache-corrupt'
  | 'weather-source'
  | 'output-validation'
  | 'mcp-connection'
  | 'usage-store'
  | 'dashboard'
  | 'redis-unreachable'
  | 'batch-unsupported'
  | 'batch-item';

/**
 * Who must act on an error (the taxonomy of openai-agents-js): `user` — the caller's options or
 * input are wrong; `model` — the model misbehaved (bad tool arguments, an unknown tool); `provider`
 * — the model API failed; `tool` — a tool's execute failed; `environment` — the machine (a store,
 * a disk, the network to it).
 */
export type ErrorOrigin = 'user' | 'model' | 'provider' | 'tool' | 'environment';

/** Constructor options shared by every ToolloopError. */
export interface ToolloopErrorOptions {
  /** What happened and how to fix it. */
  message: string;
  /** The underlying error, kept as the standard `cause`. */
  cause?: unknown;
}

/** Constructor options of ToolloopError itself: a code and who must act, besides the message. */
export interface ToolloopErrorInit extends ToolloopErrorOptions {
  code: ToolloopErrorCode;
  origin: ErrorOrigin;
}

/**
 * Base class of every error toolloop throws. `code` is stable; use `XError.isInstance(e)` rather
 * than `instanceof`, because a monorepo can end up with two copies of a package.
 */
export class ToolloopError extends Error {
  readonly [marker] = true;
  /** Stable machine-readable kind (`api-call`, `timeout`, …): branch on this, not on messages. */
  readonly code: ToolloopErrorCode;
  /** Who must act: the user, the model, the provider, a tool or the environment. */
  readonly origin: ErrorOrigin;

  constructor(init: ToolloopErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.origin = init.origin;
    this.name = new.target.name;
  }

  /** True for any toolloop error, even one thrown by another copy of the package. */
  static isInstance(error: unknown): error is ToolloopError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }

  /** Plain data for logs: code, origin, name and message, never secrets (messages are redacted at construction). */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, origin: this.origin, message: this.message };
  }
}

/**
 * True when `error` is a ToolloopError with the given code (cross-copy safe).
 * @example if (hasErrorCode(error, 'aborted')) return; // the user cancelled
 */
export function hasErrorCode(error: unknown, code: ToolloopErrorCode): error is ToolloopError {
  return ToolloopError.isInstance(error) && error.code === code;
}
