import { APICallError } from '@toolloop/core';
import { isRetryableStatus } from '@toolloop/core/internal';

const EXCERPT_CHARS = 500;

/**
 * Turns an error a server sent inside a 200 stream (OpenRouter's top-level `error` next to `choices`,
 * Groq's `event: error`) into an APICallError, so it can never be mistaken for a finished answer.
 */
export function inStreamError(options: { error: unknown; data: string }): APICallError {
  const { error, data } = options;
  const body = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const status =
    typeof body.status_code === 'number'
      ? body.status_code
      : typeof body.status === 'number'
        ? body.status
        : typeof body.code === 'number'
          ? body.code
          : undefined;
  const providerCode =
    typeof body.code === 'string' ? body.code : typeof body.type === 'string' ? body.type : undefined;
  const detail =
    typeof body.message === 'string' && body.message !== ''
      ? body.message
      : typeof error === 'string' && error !== ''
        ? error
        : 'no message';
  return new APICallError({
    message: `The server reported an error in the middle of the stream${status === undefined ? '' : ` (status ${status})`}: ${detail}`,
    status,
    isRetryable: status === undefined ? false : isRetryableStatus(status),
    providerCode,
    responseBody: data.length > EXCERPT_CHARS ? `${data.slice(0, EXCERPT_CHARS)}…` : data,
  });
}
