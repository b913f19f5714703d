/**
 * Agent batches by custom_id: a resumable local batch with a concurrency cap, streamed JSONL results,
 * progress and status by id.
 * @module @toolloop/batch
 */
export { BatchInputError } from './batch-error.js';
export type { BatchItem } from './input/batch-item.js';
export { readBatchInput } from './input/read-batch-input.js';
export { type BatchProgress, type RunBatchOptions, runBatch } from './local/run-batch.js';
export type { BatchInfo, BatchStatus } from './state/batch-status.js';
export { type GetBatchOptions, getBatch } from './state/state-store.js';
