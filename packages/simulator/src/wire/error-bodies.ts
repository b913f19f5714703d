/** An OpenAI-shaped error body: `{"error":{"message","type","param","code"}}`. */
export function errorBody(
  message: string,
  type: string,
  code: string | null = null,
  param: string | null = null,
): { error: { message: string; type: string; param: string | null; code: string | null } } {
  return { error: { message, type, param, code } };
}

/** OpenAI masks all but the first 3 and last 4 characters of a wrong key. */
function maskKey(key: string): string {
  if (key.length <= 8) return '*'.repeat(key.length);
  return key.slice(0, 3) + '*'.repeat(key.length - 7) + key.slice(-4);
}

/** The 401 body OpenAI sends for a missing or wrong key (wire-fixtures/openai-error-401.json). */
export function unauthorizedBody(providedKey: string | undefined): unknown {
  if (providedKey === undefined || providedKey === '') {
    return errorBody(
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.",
      'invalid_request_error',
      null,
    );
  }
  return errorBody(
    `Incorrect API key provided: ${maskKey(providedKey)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    'invalid_request_error',
    'invalid_api_key',
  );
}

/** A default body for an injected status, close to what OpenAI sends for it. */
export function defaultErrorBody(status: number, requestId: string): unknown {
  switch (status) {
    case 400:
      return errorBody('Bad request (simulated).', 'invalid_request_error');
    case 401:
      return unauthorizedBody('sk-simulated-key');
    case 403:
      return errorBody('You are not allowed to sample from this model (simulated).', 'invalid_request_error');
    case 404:
      return errorBody(
        'The model does not exist or you do not have access to it (simulated).',
        'invalid_request_error',
        'model_not_found',
      );
    case 408:
      return errorBody('Request timed out (simulated).', 'timeout');
    case 409:
      return errorBody('Conflict (simulated).', 'invalid_request_error');
    case 429:
      return errorBody(
        'Rate limit reached for requests (simulated). Please try again in 20ms.',
        'requests',
        'rate_limit_exceeded',
      );
    case 503:
      return errorBody('The server is overloaded or not ready yet (simulated).', 'server_error');
    default:
      return errorBody(
        status >= 500
          ? `The server had an error processing your request. Sorry about that! You can retry your request, or contact us through our help center at help.openai.com if you keep seeing this error. (Please include the request ID ${requestId} in your email.)`
          : `Request failed with status ${status} (simulated).`,
        status >= 500 ? 'server_error' : 'invalid_request_error',
      );
  }
}
