import type { ProviderBatchResult } from '@toolloop/core';
import { APICallError, StreamParseError } from '@toolloop/core';
import { redactSecrets } from '@toolloop/core/internal';
import { parseCompletion } from '../chat/parse-completion.js';
import { apiCallErrorFromResponse } from '../errors/api-call-error-from-response.js';
import type { ResolvedConfig } from '../provider/resolve-config.js';
import type { WireBatchOutputLine } from './wire-batch.js';

/** Options of {@link parseBatchResult}. */
export interface ParseBatchResultOptions {
  config: ResolvedConfig;
  /** One parsed line of an output or error file. */
  line: unknown;
  /** Names the file and batch in errors. */
  source: string;
}

/**
 * One output-file line → a result keyed by its `custom_id`. A 2xx body is read exactly like a
 * synchronous answer (the same parser), marked `source: 'batch'`; any other status becomes the
 * `APICallError` the synchronous call would have thrown; a line that never ran (`response: null`)
 * becomes an error with the provider's code (`batch_expired` → reason `'expired'`).
 */
export function parseBatchResult(options: ParseBatchResultOptions): ProviderBatchResult {
  const { config, line, source } = options;
  const wire = line as WireBatchOutputLine;
  if (typeof wire !== 'object' || wire === null || typeof wire.custom_id !== 'string') {
    throw new StreamParseError({
      message: `A line of ${source} has no string custom_id, so it cannot be joined to its request: ${JSON.stringify(line).slice(0, 120)}`,
    });
  }
  const customId = wire.custom_id;
  const response = wire.response;
  if (response && typeof response === 'object' && typeof response.status_code === 'number') {
    const requestId = typeof response.request_id === 'string' ? response.request_id : undefined;
    const headers: Record<string, string> = requestId ? { 'x-request-id': requestId } : {};
    const status = response.status_code;
    const text = JSON.stringify(response.body ?? null);
    if (status >= 200 && status <= 299) {
      try {
        const parsed = parseCompletion({ config, status, headers, text });
        return { customId, isError: false, response: { ...parsed, source: 'batch' }, requestId };
      } catch (error) {
        if (!APICallError.isInstance(error)) throw error;
        return { customId, isError: true, error, reason: 'failed', requestId };
      }
    }
    const error = apiCallErrorFromResponse({
      origin: config.origin,
      url: config.url,
      status,
      headers,
      bodyText: text,
      secrets: config.secrets,
    });
    return { customId, isError: true, error, reason: 'failed', requestId };
  }
  const raw = wire.error;
  const code = typeof raw === 'object' && raw !== null && typeof raw.code === 'string' ? raw.code : undefined;
  const text =
    typeof raw === 'string'
      ? raw
      : typeof raw === 'object' && raw !== null && typeof raw.message === 'string'
        ? raw.message
        : 'the line carries neither a response nor an error';
  const message = redactSecrets(text, config.secrets);
  const expired = code === 'batch_expired';
  const error = new APICallError({
    message: `Request "${customId}" of ${source} did not run: ${message}${code ? ` (${code})` : ''}. Submit it again in a new batch.`,
    url: config.url,
    // It never reached the model: sending it again is worth it.
    isRetryable: true,
    providerCode: code,
  });
  return { customId, isError: true, error, reason: expired ? 'expired' : 'not-run', requestId: undefined };
}
