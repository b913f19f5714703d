import {
  AbortError,
  APICallError,
  type CallOptions,
  type ModelRequest,
  type ModelResponse,
  redactSecrets,
} from '@toolloop/core';
import { type Dispatcher, request as undiciRequest } from 'undici';
import { apiCallErrorFromConnection } from '../errors/api-call-error-from-connection.js';
import { apiCallErrorFromResponse } from '../errors/api-call-error-from-response.js';
import { toResponseHeaders } from '../http/response-headers.js';
import { callHeaders, missingKeyError, type ResolvedConfig } from '../provider/resolve-config.js';
import { buildRequestBody } from '../request/build-request-body.js';
import { mapResponse } from '../response/map-response.js';
import type { WireChatCompletion } from '../response/wire-response.js';

/** Options of {@link generateChat}. */
export interface GenerateChatOptions {
  config: ResolvedConfig;
  request: ModelRequest;
  callOptions?: CallOptions | undefined;
}

/** One non-streamed `POST /chat/completions` → ModelResponse. */
export async function generateChat(options: GenerateChatOptions): Promise<ModelResponse> {
  const { config, request, callOptions } = options;
  if (config.missingKey) throw missingKeyError();
  const signal = callOptions?.signal;
  if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
  const body = JSON.stringify(
    buildRequestBody({
      modelId: config.modelId,
      request,
      stream: false,
      legacyFunctions: config.legacyFunctions,
      maxTokensField: config.maxTokensField,
      extraBody: config.extraBody,
    }),
  );

  let response: Dispatcher.ResponseData;
  try {
    response = await undiciRequest(config.url, {
      method: 'POST',
      headers: callHeaders(config, callOptions?.headers),
      body,
      signal,
      dispatcher: config.dispatcher,
    });
  } catch (error) {
    if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
    throw apiCallErrorFromConnection({
      origin: config.origin,
      url: config.url,
      error,
      apiKey: config.apiKey,
    });
  }

  const status = response.statusCode;
  let text: string;
  try {
    text = await response.body.text();
  } catch (error) {
    if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
    throw apiCallErrorFromConnection({
      origin: config.origin,
      url: config.url,
      error,
      apiKey: config.apiKey,
      phase: 'body',
      status,
    });
  }
  const headers = toResponseHeaders(response.headers);
  if (status < 200 || status > 299) {
    throw apiCallErrorFromResponse({
      origin: config.origin,
      url: config.url,
      status,
      headers,
      bodyText: text,
      apiKey: config.apiKey,
    });
  }

  let parsed: WireChatCompletion & { error?: unknown };
  try {
    parsed = JSON.parse(text) as WireChatCompletion & { error?: unknown };
  } catch (error) {
    throw new APICallError({
      message: `OpenAI-compatible API at ${config.origin} answered ${status} with a body that is not JSON: ${redactSecrets(text.slice(0, 200), [config.apiKey])}`,
      url: config.url,
      status,
      isRetryable: false,
      requestId: headers['x-request-id'],
      responseHeaders: headers,
      responseBody: redactSecrets(text.slice(0, 500), [config.apiKey]),
      cause: error,
    });
  }
  if (parsed?.error && !parsed.choices) {
    // Some gateways answer 200 with an error object instead of a completion.
    throw apiCallErrorFromResponse({
      origin: config.origin,
      url: config.url,
      status,
      headers,
      bodyText: text,
      apiKey: config.apiKey,
    });
  }
  return mapResponse({ body: parsed, headers });
}
