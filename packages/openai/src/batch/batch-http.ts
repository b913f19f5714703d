import type { Readable } from 'node:stream';
import { AbortError, APICallError } from '@toolloop/core';
import { redactSecrets } from '@toolloop/core/internal';
import { type Dispatcher, request as undiciRequest } from 'undici';
import { apiCallErrorFromConnection } from '../errors/api-call-error-from-connection.js';
import { apiCallErrorFromResponse } from '../errors/api-call-error-from-response.js';
import { readErrorBody } from '../http/read-error-body.js';
import { toResponseHeaders } from '../http/response-headers.js';
import { missingKeyError, type ResolvedConfig } from '../provider/resolve-config.js';
import { BatchUnsupportedError } from './batch-unsupported-error.js';

/** The provider's config plus where the Files and Batches routes live. */
export interface BatchHttpContext {
  config: ResolvedConfig;
  /** `origin` + the baseURL's path, e.g. `https://api.openai.com/v1`. */
  root: string;
  /** The baseURL's query (Azure's `api-version`), kept on every route. */
  search: string;
  /** The baseURL's path, for messages (`/v1`). */
  basePath: string;
}

/** The routes' base from a resolved provider config. */
export function batchHttpContext(config: ResolvedConfig): BatchHttpContext {
  const base = new URL(config.baseURL);
  const basePath = base.pathname.replace(/\/+$/, '');
  return { config, root: `${base.origin}${basePath}`, search: base.search, basePath };
}

/** One call of the Files or Batches API. */
export interface BatchCall {
  method: 'GET' | 'POST' | 'DELETE';
  /** Below the baseURL, e.g. `/batches`. */
  path: string;
  query?: Record<string, string | undefined>;
  /** Replaces the JSON body headers (an upload's multipart type and length). */
  headers?: Record<string, string>;
  body?: string | Readable;
  signal?: AbortSignal | undefined;
  /**
   * A collection route (`POST /files`, `POST /batches`, `GET /batches`): a 404 there means the
   * server has no Batch API at all. On an item route it means the id is unknown.
   */
  collection: boolean;
}

function urlOf(context: BatchHttpContext, call: BatchCall): string {
  const params = new URLSearchParams(context.search);
  for (const [name, value] of Object.entries(call.query ?? {}))
    if (value !== undefined) params.set(name, value);
  const query = params.toString();
  return `${context.root}${call.path}${query ? `?${query}` : ''}`;
}

const aborted = (signal: AbortSignal): AbortError => new AbortError({ cause: signal.reason });

/**
 * Sends one call and returns its 2xx response (the body unread). Errors: `AbortError` when the
 * signal fires, `APICallError` for a failed exchange (credentials redacted), `BatchUnsupportedError`
 * for a 404 on a collection route.
 */
export async function sendBatchCall(
  context: BatchHttpContext,
  call: BatchCall,
): Promise<Dispatcher.ResponseData> {
  const { config } = context;
  if (config.missingKey) throw missingKeyError();
  const { signal } = call;
  if (signal?.aborted) throw aborted(signal);
  const url = urlOf(context, call);
  let response: Dispatcher.ResponseData;
  try {
    response = await undiciRequest(url, {
      method: call.method,
      headers: call.headers ? { ...config.headers, ...call.headers } : config.headers,
      body: call.body ?? null,
      signal,
      dispatcher: config.dispatcher,
    });
  } catch (error) {
    if (signal?.aborted) throw aborted(signal);
    throw apiCallErrorFromConnection({ origin: config.origin, url, error, secrets: config.secrets });
  }
  const status = response.statusCode;
  if (status >= 200 && status <= 299) return response;
  let bodyText: string;
  try {
    bodyText = await readErrorBody(response.body);
  } catch (error) {
    if (signal?.aborted) throw aborted(signal);
    throw apiCallErrorFromConnection({
      origin: config.origin,
      url,
      error,
      secrets: config.secrets,
      phase: 'body',
      status,
    });
  }
  const failure = apiCallErrorFromResponse({
    origin: config.origin,
    url,
    status,
    headers: toResponseHeaders(response.headers),
    bodyText,
    secrets: config.secrets,
  });
  if (status === 404 && call.collection) {
    throw new BatchUnsupportedError({
      origin: config.origin,
      route: `${call.method} ${context.basePath}${call.path}`,
      cause: failure,
    });
  }
  throw failure;
}

/** {@link sendBatchCall}, then the body parsed as JSON (an `APICallError` when it is not an object). */
export async function sendBatchJson<T>(context: BatchHttpContext, call: BatchCall): Promise<T> {
  const response = await sendBatchCall(context, call);
  const { config } = context;
  let text: string;
  try {
    text = await response.body.text();
  } catch (error) {
    if (call.signal?.aborted) throw aborted(call.signal);
    throw apiCallErrorFromConnection({
      origin: config.origin,
      url: urlOf(context, call),
      error,
      secrets: config.secrets,
      phase: 'body',
      status: response.statusCode,
    });
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as T;
  } catch {
    // Reported below with the body excerpt.
  }
  throw new APICallError({
    message: `OpenAI-compatible API at ${config.origin} answered ${call.method} ${context.basePath}${call.path} with a body that is not a JSON object: ${redactSecrets(text, config.secrets).slice(0, 200)}`,
    url: urlOf(context, call),
    status: response.statusCode,
    isRetryable: false,
    requestId: toResponseHeaders(response.headers)['x-request-id'],
  });
}
