import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProviderBatch, ProviderBatchApi, ProviderBatchResult } from '@toolloop/core';
import { missingKeyError, type ResolvedConfig } from '../provider/resolve-config.js';
import { mapBatch } from './map-batch.js';
import { openaiBatchClient } from './openai-batch-client.js';
import { parseBatchResult } from './parse-batch-result.js';
import { spoolLines } from './spool-lines.js';

/** The calls of the Batch API that touch the network, loaded on first use (undici, multipart upload). */
export type OpenAIBatchCalls = Pick<ProviderBatchApi, 'submit' | 'retrieve' | 'cancel' | 'list' | 'results'>;

/** OpenAI's Files + Batches wire under `config`, for {@link openaiBatchApi}. */
export function openaiBatchCalls(
  config: ResolvedConfig,
  limits: { maxRequests: number; maxBytes: number },
): OpenAIBatchCalls {
  const client = openaiBatchClient(config);
  return {
    async submit(submit): Promise<ProviderBatch> {
      if (config.missingKey) throw missingKeyError();
      const { signal, metadata } = submit;
      let path = submit.path;
      let folder: string | undefined;
      try {
        if (path === undefined) {
          folder = await mkdtemp(join(tmpdir(), 'toolloop-batch-'));
          path = join(folder, 'input.jsonl');
          await spoolLines({ lines: submit.lines ?? [], path, ...limits, signal });
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
