import type { BatchRequest, ProviderBatchApi } from '@toolloop/core';
import { chatRequestBody } from '../chat/encode-request.js';
import type { OpenAIOptions } from '../provider/openai-options.js';
import { resolveConfig } from '../provider/resolve-config.js';
import type { OpenAIBatchCalls } from './openai-batch-impl.js';

/** Options of {@link openaiBatchApi}: the provider's own options plus the batch limits. */
export interface OpenAIBatchApiOptions extends OpenAIOptions {
  /** Requests per batch. Default 50,000 (OpenAI's limit); lower it for a server with a smaller one. */
  maxRequests?: number;
  /** Bytes per input file. Default 200 MB (OpenAI's limit). */
  maxBytes?: number;
}

/**
 * OpenAI's Files + Batches API as a {@link ProviderBatchApi}: requests are encoded exactly like
 * synchronous chat calls, uploaded as JSONL (streamed from a temporary file), and results are read
 * back from the output and error files, joined by `custom_id`.
 *
 * @example
 * const api = openaiBatchApi('gpt-4o-mini'); // OPENAI_API_KEY, OPENAI_BASE_URL
 */
export function openaiBatchApi(modelId: string, options: OpenAIBatchApiOptions = {}): ProviderBatchApi {
  const { maxRequests = 50_000, maxBytes = 200 * 1000 * 1000, ...providerOptions } = options;
  const config = resolveConfig(modelId, providerOptions);
  const limits = { maxRequests, maxBytes };
  // The wire (undici, the multipart upload) loads on the first call, not with the package.
  let calls: Promise<OpenAIBatchCalls> | undefined;
  const load = (): Promise<OpenAIBatchCalls> =>
    (calls ??= import('./openai-batch-impl.js').then((m) => m.openaiBatchCalls(config, limits)));
  return {
    provider: 'openai',
    modelId,
    limits,
    encode(item: BatchRequest): string {
      const body = chatRequestBody(config, item.request, false);
      return JSON.stringify({ custom_id: item.customId, method: 'POST', url: '/v1/chat/completions', body });
    },
    submit: async (submit) => (await load()).submit(submit),
    retrieve: async (batchId, callOptions) => (await load()).retrieve(batchId, callOptions),
    cancel: async (batchId, callOptions) => (await load()).cancel(batchId, callOptions),
    async *list(listOptions) {
      yield* (await load()).list(listOptions);
    },
    async *results(batchId, callOptions) {
      yield* (await load()).results(batchId, callOptions);
    },
  };
}
