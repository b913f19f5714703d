import { APICallError } from '@toolloop/core';
import { redactSecrets } from '@toolloop/core/internal';

/** Options of {@link apiCallErrorFromConnection}. */
export interface ApiCallErrorFromConnectionOptions {
  origin: string;
  url: string;
  error: unknown;
  /** Removed from message and body wherever they appear: the key and other credentials. */
  secrets: ReadonlyArray<string | undefined>;
  /** Where it failed, for the message: before the answer's headers, or while reading its body. */
  phase?: 'connect' | 'body';
  status?: number;
}

/**
 * A connection failure (refused, reset, DNS, socket closed) → retryable APICallError without a
 * status. The cause is kept, its message redacted in place.
 */
export function apiCallErrorFromConnection(options: ApiCallErrorFromConnectionOptions): APICallError {
  const { origin, url, error, secrets, phase = 'connect', status } = options;
  let reason = String(error);
  if (error instanceof Error) {
    error.message = redactSecrets(error.message, secrets);
    const code = (error as { code?: unknown }).code;
    reason = typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  const where =
    phase === 'connect'
      ? `Could not get an answer from the OpenAI-compatible API at ${origin}`
      : `The connection to the OpenAI-compatible API at ${origin} broke while reading the response body`;
  return new APICallError({
    message: `${where} (${reason}). Check that the server is running and the baseURL is right; retrying may help.`,
    url,
    status,
    isRetryable: true,
    cause: error,
  });
}
