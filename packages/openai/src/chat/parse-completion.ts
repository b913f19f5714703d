import { APICallError, type ModelResponse } from '@toolloop/core';
import { redactSecrets } from '@toolloop/core/internal';
import { apiCallErrorFromResponse } from '../errors/api-call-error-from-response.js';
import type { ResolvedConfig } from '../provider/resolve-config.js';
import { MalformedCompletion, mapResponse } from '../response/map-response.js';
import type { WireChatCompletion } from '../response/wire-response.js';

/** Options of {@link parseCompletion}. */
export interface ParseCompletionOptions {
  config: ResolvedConfig;
  /** A 2xx status. */
  status: number;
  /** Response headers, already cleaned of credentials. */
  headers: Record<string, string>;
  text: string;
}

/**
 * The JSON body of a 2xx answer → ModelResponse; APICallError when it is not a JSON object or
 * carries an error object instead of a completion (some gateways answer errors with 200).
 */
export function parseCompletion(options: ParseCompletionOptions): ModelResponse {
  const { config, status, headers, text } = options;
  /** A 2xx answer that is no completion: not retryable, the body excerpt redacted. */
  const unusable = (what: string, cause: unknown) =>
    new APICallError({
      message: `OpenAI-compatible API at ${config.origin} answered ${status} with ${what}`,
      url: config.url,
      status,
      isRetryable: false,
      requestId: headers['x-request-id'],
      responseHeaders: headers,
      responseBody: redactSecrets(text, config.secrets).slice(0, 500),
      cause,
    });
  let parsed: WireChatCompletion & { error?: unknown };
  try {
    parsed = JSON.parse(text) as WireChatCompletion & { error?: unknown };
    // `null`, a number or an array is no completion either (and would crash the mapping).
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new TypeError('the JSON body is not an object');
    }
  } catch (error) {
    throw unusable(
      `a body that is not a JSON object: ${redactSecrets(text, config.secrets).slice(0, 200)}`,
      error,
    );
  }
  if (parsed.error && !parsed.choices) {
    throw apiCallErrorFromResponse({
      origin: config.origin,
      url: config.url,
      status,
      headers,
      bodyText: text,
      secrets: config.secrets,
    });
  }
  try {
    return mapResponse({ body: parsed, headers });
  } catch (error) {
    if (!(error instanceof MalformedCompletion)) throw error;
    throw unusable(
      `a malformed completion: ${error.message}. The server (or a proxy in front of it) does not speak the Chat Completions format; check baseURL and the server's version.`,
      error,
    );
  }
}
