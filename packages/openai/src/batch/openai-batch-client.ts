import { AbortError, ToolloopError } from '@toolloop/core';
import { apiCallErrorFromConnection } from '../errors/api-call-error-from-connection.js';
import type { ResolvedConfig } from '../provider/resolve-config.js';
import { type BatchHttpContext, batchHttpContext, sendBatchCall, sendBatchJson } from './batch-http.js';
import { readJsonlLines } from './read-jsonl-lines.js';
import { type UploadBatchFileOptions, uploadBatchFile } from './upload-batch-file.js';
import type { WireBatch, WireBatchPage, WireFile } from './wire-batch.js';

/** Per-call options of the wire client. */
export interface WireCallOptions {
  signal?: AbortSignal | undefined;
}

/** Options of {@link OpenAIBatchClient.createBatch}. */
export interface CreateWireBatchOptions extends WireCallOptions {
  inputFileId: string;
  /** Default `'/v1/chat/completions'`. */
  endpoint?: string;
  /** Default `'24h'` (the only window OpenAI offers). */
  completionWindow?: string;
  metadata?: Record<string, string> | undefined;
}

/**
 * OpenAI's Files and Batches API on the wire (snake_case objects as sent), over the provider's own
 * config: base URL, key, headers and dispatcher. Downloads stream line by line.
 */
export interface OpenAIBatchClient {
  uploadFile(options: UploadBatchFileOptions): Promise<WireFile>;
  retrieveFile(fileId: string, options?: WireCallOptions): Promise<WireFile>;
  deleteFile(fileId: string, options?: WireCallOptions): Promise<void>;
  /** The parsed lines of a file's content, streamed. */
  fileLines(fileId: string, options?: WireCallOptions): AsyncIterable<unknown>;
  createBatch(options: CreateWireBatchOptions): Promise<WireBatch>;
  retrieveBatch(batchId: string, options?: WireCallOptions): Promise<WireBatch>;
  cancelBatch(batchId: string, options?: WireCallOptions): Promise<WireBatch>;
  /** Every batch, newest first, following `after`/`last_id` page by page. */
  listBatches(options?: WireCallOptions & { pageSize?: number }): AsyncIterable<WireBatch>;
}

const id = (value: string): string => encodeURIComponent(value);

/** The wire client over a resolved provider config (see `openaiBatchApi` for the neutral one). */
export function openaiBatchClient(config: ResolvedConfig): OpenAIBatchClient {
  const context: BatchHttpContext = batchHttpContext(config);
  return {
    uploadFile: (options) => uploadBatchFile(context, options),
    retrieveFile: (fileId, options = {}) =>
      sendBatchJson<WireFile>(context, {
        method: 'GET',
        path: `/files/${id(fileId)}`,
        signal: options.signal,
        collection: false,
      }),
    async deleteFile(fileId, options = {}) {
      await sendBatchJson(context, {
        method: 'DELETE',
        path: `/files/${id(fileId)}`,
        signal: options.signal,
        collection: false,
      });
    },
    fileLines: (fileId, options = {}) => fileLines(context, fileId, options.signal),
    createBatch: (options) =>
      sendBatchJson<WireBatch>(context, {
        method: 'POST',
        path: '/batches',
        body: JSON.stringify({
          input_file_id: options.inputFileId,
          endpoint: options.endpoint ?? '/v1/chat/completions',
          completion_window: options.completionWindow ?? '24h',
          ...(options.metadata ? { metadata: options.metadata } : {}),
        }),
        signal: options.signal,
        collection: true,
      }),
    retrieveBatch: (batchId, options = {}) =>
      sendBatchJson<WireBatch>(context, {
        method: 'GET',
        path: `/batches/${id(batchId)}`,
        signal: options.signal,
        collection: false,
      }),
    cancelBatch: (batchId, options = {}) =>
      sendBatchJson<WireBatch>(context, {
        method: 'POST',
        path: `/batches/${id(batchId)}/cancel`,
        signal: options.signal,
        collection: false,
      }),
    listBatches: (options = {}) => listBatches(context, options.pageSize ?? 100, options.signal),
  };
}

async function* listBatches(
  context: BatchHttpContext,
  pageSize: number,
  signal: AbortSignal | undefined,
): AsyncGenerator<WireBatch> {
  let after: string | undefined;
  for (;;) {
    const page = await sendBatchJson<WireBatchPage>(context, {
      method: 'GET',
      path: '/batches',
      query: { limit: String(pageSize), after },
      signal,
      collection: true,
    });
    const data = Array.isArray(page.data) ? page.data : [];
    yield* data;
    const last = page.last_id ?? data[data.length - 1]?.id;
    // A page that does not move the cursor would repeat forever: it ends the listing.
    if (page.has_more !== true || data.length === 0 || !last || last === after) return;
    after = last;
  }
}

async function* fileLines(
  context: BatchHttpContext,
  fileId: string,
  signal: AbortSignal | undefined,
): AsyncGenerator<unknown> {
  const path = `/files/${id(fileId)}/content`;
  const response = await sendBatchCall(context, { method: 'GET', path, signal, collection: false });
  try {
    yield* readJsonlLines(response.body, { source: `file ${fileId}` });
  } catch (error) {
    if (signal?.aborted) throw new AbortError({ cause: signal.reason });
    if (ToolloopError.isInstance(error)) throw error;
    const { config } = context;
    throw apiCallErrorFromConnection({
      origin: config.origin,
      url: `${context.root}${path}`,
      error,
      secrets: config.secrets,
      phase: 'body',
      status: response.statusCode,
    });
  } finally {
    // A consumer that stops early leaves the rest unread: close the socket rather than drain it.
    if (!response.body.readableEnded) response.body.destroy();
  }
}
