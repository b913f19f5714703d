import { AbortError } from '../errors/abort-error.js';
import { ToolloopError } from '../errors/toolloop-error.js';

/**
 * The error a fired signal stands for: a toolloop error given as the reason (a TimeoutError, say)
 * as it is, anything else (a DOMException from `controller.abort()`) as AbortError with the reason
 * as its cause — so callers see one error code.
 */
export function abortErrorFrom(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return ToolloopError.isInstance(reason) ? reason : new AbortError({ cause: reason });
}

/** True for toolloop's AbortError (code `aborted`) and for a platform one (a DOMException named `AbortError`). */
export function isAbortError(error: unknown): boolean {
  return AbortError.isInstance(error) || (error instanceof Error && error.name === 'AbortError');
}

/** Throws AbortError (with the signal's reason as cause) when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError({ cause: signal.reason });
}

/** An error thrown while `signal` was aborted is reported as AbortError (keeping the original as cause). */
export function asAbortErrorIfAborted(error: unknown, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted && !AbortError.isInstance(error)) return new AbortError({ cause: error });
  return error;
}
