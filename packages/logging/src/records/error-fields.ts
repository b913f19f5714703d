import { APICallError, ToolloopError } from '@toolloop/core';
import { redactSecrets } from '@toolloop/core/internal';
import type { CallStatus } from './records.js';

export interface ErrorFields {
  status: CallStatus;
  errorCode: string;
  errorMessage: string;
  httpStatus: number | null;
}

/** The loggable facts of a failure: never the error object itself (its cause may carry a request). */
export function errorFields(
  error: unknown,
  signal: AbortSignal | undefined,
  secrets: readonly string[],
): ErrorFields {
  const isError = error instanceof Error;
  const code = ToolloopError.isInstance(error) ? error.code : isError ? error.name : 'unknown';
  const aborted = code === 'aborted' || (isError && error.name === 'AbortError') || signal?.aborted === true;
  return {
    status: aborted ? 'aborted' : 'error',
    errorCode: aborted && code !== 'aborted' && !ToolloopError.isInstance(error) ? 'aborted' : code,
    errorMessage: redactSecrets(isError ? error.message : String(error), secrets),
    httpStatus: APICallError.isInstance(error) ? (error.status ?? null) : null,
  };
}
