import {
  AbortError,
  APICallError,
  type CallOptions,
  type ModelRequest,
  type ModelResponse,
} from '@toolloop/core';
import type { Dispatcher } from 'undici';
import { apiCallErrorFromConnection } from '../errors/api-call-error-from-connection.js';
import { apiCallErrorFromResponse } from '../errors/api-call-error-from-response.js';
import { scrubError } from '../errors/scrub-error.js';
import { BodyTooLarge } from '../http/body-too-large.js';
import { type CollectedResponse, collectResponse, ResponseBodyError } from '../http/collect-response.js';
import { toResponseHeaders } from '../http/response-headers.js';
import { callHeaders, type ResolvedConfig } from '../provider/resolve-config.js';
import { encodeRequest } from './encode-request.js';
import { parseCompletion } from './parse-completion.js';

/** Options of {@link generateChat}. */
export interface GenerateChatOptions {
  config: ResolvedConfig;
  request: ModelRequest;
  callOptions?: CallOptions | undefined;
}

/** One non-streamed `POST /chat/completions` → ModelResponse. No error leaves with a secret in it. */
export async function generateChat(options: GenerateChatOptions): Promise<ModelResponse> {
  try {
    return await generateChatUnscrubbed(options);
  } catch (error) {
    throw scrubError(error, options.config.secrets);
  }
}

async function generateChatUnscrubbed(options: GenerateChatOptions): Promise<ModelResponse> {
  const { config, request, callOptions } = options;
  const body = encodeRequest(config, request, callOptions, false);
  const signal = callOptions?.signal;

  let response: CollectedResponse;
  try {
    response = await collectResponse(config.url, {
      method: 'POST',
      headers: callHeaders(config, callOptions?.headers),
      body,
      signal,
      dispatcher: config.dispatcher,
      maxBytes: config.maxResponseBytes,
    });
  } catch (error) {
    if (signal?.aborted) throw new AbortError({ cause: signal.reason });
    if (!(error instanceof ResponseBodyError)) {
      throw apiCallErrorFromConnection({
        origin: config.origin,
        url: config.url,
        error,
        secrets: config.secrets,
      });
    }
    if (error.cause instanceof BodyTooLarge) {
      throw bodyTooLargeError(config, error.statusCode, error.cause, error.headers);
    }
    throw apiCallErrorFromConnection({
      origin: config.origin,
      url: config.url,
      error: error.cause,
      secrets: config.secrets,
      phase: 'body',
      status: error.statusCode,
    });
  }
  const { statusCode: status, text } = response;
  const headers = toResponseHeaders(response.headers, config.secrets);
  if (status < 200 || status > 299) {
    throw apiCallErrorFromResponse({
      origin: config.origin,
      url: config.url,
      status,
      headers,
      bodyText: text,
      secrets: config.secrets,
    });
  }

  return parseCompletion({ config, status, headers, text });
}

/** The typed error for a body over `maxResponseBytes`: what was exceeded and how to raise it. */
export function bodyTooLargeError(
  config: ResolvedConfig,
  status: number,
  error: BodyTooLarge,
  headers: Dispatcher.ResponseData['headers'],
): APICallError {
  return new APICallError({
    message: `The OpenAI-compatible API at ${config.origin} answered ${status} with a response too large to read: ${error.message}. Reading stopped there. If the server really sends answers this large, raise it: openai(model, { maxResponseBytes: ${config.maxResponseBytes * 2} }).`,
    url: config.url,
    status,
    isRetryable: false,
    requestId: typeof headers['x-request-id'] === 'string' ? headers['x-request-id'] : undefined,
    cause: error,
  });
}
