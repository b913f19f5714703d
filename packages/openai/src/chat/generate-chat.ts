import { AbortError, type CallOptions, type ModelRequest, type ModelResponse } from '@toolloop/core';
import { type Dispatcher, request as undiciRequest } from 'undici';
import { apiCallErrorFromConnection } from '../errors/api-call-error-from-connection.js';
import { apiCallErrorFromResponse } from '../errors/api-call-error-from-response.js';
import { scrubError } from '../errors/scrub-error.js';
import { readErrorBody } from '../http/read-error-body.js';
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
      secrets: config.secrets,
    });
  }

  const status = response.statusCode;
  let text: string;
  try {
    const ok = status >= 200 && status <= 299;
    text = ok ? await response.body.text() : await readErrorBody(response.body);
  } catch (error) {
    if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
    throw apiCallErrorFromConnection({
      origin: config.origin,
      url: config.url,
      error,
      secrets: config.secrets,
      phase: 'body',
      status,
    });
  }
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
