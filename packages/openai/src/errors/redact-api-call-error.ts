import { APICallError } from '@toolloop/core';
import { redactSecrets } from '@toolloop/core/internal';

/** Options of {@link redactApiCallError}. */
export interface RedactApiCallErrorOptions {
  error: APICallError;
  /** Removed from message and body wherever they appear: the key and other credentials. */
  secrets: ReadonlyArray<string | undefined>;
  url: string;
}

/**
 * A copy of an APICallError built without the key at hand (an in-stream error object) with the key
 * removed from message and body excerpt, and the request URL filled in.
 */
export function redactApiCallError(options: RedactApiCallErrorOptions): APICallError {
  const { error, secrets, url } = options;
  return new APICallError({
    message: redactSecrets(error.message, secrets),
    url: error.url ?? url,
    status: error.status,
    isRetryable: error.isRetryable,
    requestId: error.requestId,
    responseHeaders: error.responseHeaders,
    responseBody: error.responseBody === undefined ? undefined : redactSecrets(error.responseBody, secrets),
    providerCode: error.providerCode,
    cause: error.cause,
  });
}
