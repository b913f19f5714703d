import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BatchRequest, ProviderBatch, ProviderBatchApi, ProviderBatchResult } from '@toolloop/core';
import { chatRequestBody } from '../chat/encode-request.js';
import type { OpenAIOptions } from '../provider/openai-options.js';
import { missingKeyError, resolveConfig } from '../provider/resolve-config.js';
import { mapBatch } from './map-batch.js';
import { openaiBatchClient } from './openai-batch-client.js';
import { parseBatchResult } from './parse-batch-result.js';
import { spoolLines } from './spool-lines.js';

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
  const client = openaiBatchClient(config);
  return {
    provider: 'openai',
    modelId,
    limits: { maxRequests, maxBytes },
    encode(item: BatchRequest): string {
      const body = chatRequestBody(config, item.request, false);
      return JSON.stringify({ custom_id: item.customId, method: 'POST', url: '/v1/chat/completions', body });
    },
    async submit(submit): Promise<ProviderBatch> {
      if (config.missingKey) throw missingKeyError();
      const { signal, metadata } = submit;
      let path = submit.path;
      let folder: string | undefined;
      try {
        if (path === undefined) {
          folder = await mkdtemp(join(tmpdir(), 'toolloop-batch-'));
          path = join(folder, 'input.jsonl');
          await spoolLines({ lines: submit.lines ?? [], path, maxRequests, maxBytes, signal });
        }
        const file = await client.uploadFile({ path, signal });
        const batch = await client.createBatch({ inputFileId: file.id, metadata, signal });
        return mapBatch(batch);
      } finally {
        if (folder !== undefined) await rm(folder, { recursive: true, force: true });
      }
    },
    retrieve: async (batchId, callOptions = {}) => mapBatch(await client.retrieveBatch(batchId, callOptions)),
    cancel: async (batchId, callOptions = {}) => mapBatch(await client.cancelBatch(batchId, callOptions)),
    async *list(listOptions = {}) {
      for await (const batch of client.listBatches(listOptions)) yield mapBatch(batch);
    },
    async *results(batchId, callOptions = {}): AsyncGenerator<ProviderBatchResult> {
      const batch = await client.retrieveBatch(batchId, callOptions);
      for (const fileId of [batch.output_file_id, batch.error_file_id]) {
        if (!fileId) continue;
        const source = `file ${fileId} of batch ${batchId}`;
        for await (const line of client.fileLines(fileId, callOptions)) {
          yield parseBatchResult({ config, line, source });
        }
      }
    },
  };
}
