import { APICallError } from '@toolloop/core';

/** An APICallError as the OpenAI provider builds it, for in-process tests. */
export function apiError(
  status: number | undefined,
  options: { headers?: Record<string, string>; providerCode?: string; isRetryable?: boolean } = {},
): APICallError {
  return new APICallError({
    message: status === undefined ? 'ECONNRESET: socket hang up' : `answered ${status}`,
    status,
    isRetryable:
      options.isRetryable ??
      (status === undefined || status === 408 || status === 409 || status === 429 || status >= 500),
    responseHeaders: options.headers ?? {},
    providerCode: options.providerCode,
  });
}
