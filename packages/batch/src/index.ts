/**
 * Agent batches by custom_id: bounded concurrency, results streamed to JSONL, resumable after a
 * crash without re-running a tool, and status by id.
 * @module @toolloop/batch
 */
export type { BatchItem, BatchProgress, BatchResultLine, BatchState, BatchStatus } from './batch-types.js';
export { cancelBatch, type GetBatchOptions, getBatch } from './get-batch.js';
export { readBatchInput } from './read-batch-input.js';
export { DEFAULT_BATCH_STATE_DIR, type RunBatchOptions, runBatch } from './run-batch.js';
