export { type CancelBatchOptions, cancelBatch } from './cancel-batch.js';
export { type CreateQueueOptions, createQueue, type ToolloopQueue } from './create-queue.js';
export { type EnqueueOptions, type EnqueueResult, enqueue } from './enqueue.js';
export type { JobProgress, QueueItem, QueueResult } from './types.js';
export { type WaitForBatchOptions, waitForBatch } from './wait-for-batch.js';
