import { jobIdOf } from '../redis/keys.js';
import type { ToolloopQueue } from './create-queue.js';
import type { QueueResult } from './types.js';

/** The error message of an item its batch's cancellation stopped. */
export function cancelledMessage(batchId: string): string {
  return `Batch "${batchId}" was cancelled before this item finished.`;
}

/** Options of {@link cancelBatch}. */
export interface CancelBatchOptions {
  queue: ToolloopQueue;
  batchId: string;
}

/**
 * Cancels a batch: its waiting jobs are removed and its running jobs are aborted in every worker
 * (their tools receive the abort signal). Items that had not finished get the result
 * `{ error: { code: 'aborted' } }`, so `waitForBatch` ends. Finished items keep their results.
 * Resolves with the number of items that never started.
 */
export async function cancelBatch(options: CancelBatchOptions): Promise<{ cancelled: number }> {
  const { queue, batchId } = options;
  const { redis, keys } = queue;
  await redis.set(keys.cancelled(batchId), '1');
  const customIds = await redis.zrange(keys.items(batchId), 0, -1);
  let cancelled = 0;
  for (const customId of customIds) {
    const job = await queue.bull.getJob(jobIdOf(batchId, customId));
    // A running job is locked; the worker running it writes its result once the abort lands.
    if (job && !(await job.isActive())) await job.remove().catch(() => {});
    if (job && (await job.isActive())) continue;
    const result: QueueResult = {
      custom_id: customId,
      error: { code: 'aborted', message: cancelledMessage(batchId) },
    };
    if ((await redis.hsetnx(keys.results(batchId), customId, JSON.stringify(result))) === 1) cancelled++;
  }
  // Running jobs are aborted last, so the slots they free do not pick up this batch's jobs meanwhile.
  await redis.publish(keys.cancelChannel, batchId);
  return { cancelled };
}
