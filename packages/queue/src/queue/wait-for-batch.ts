import { setTimeout as delay } from 'node:timers/promises';
import type { ToolloopQueue } from './create-queue.js';
import type { QueueResult } from './types.js';

/** Options of {@link waitForBatch}. */
export interface WaitForBatchOptions {
  queue: ToolloopQueue;
  batchId: string;
  /** Called whenever the number of finished items changes. */
  onProgress?: (progress: { done: number; total: number }) => void;
  /** How often Redis is asked (default 250 ms). */
  pollIntervalMs?: number;
  /** Stops waiting (the jobs keep running). */
  signal?: AbortSignal;
}

/**
 * Waits until every item of a batch has a result, then returns the results in enqueue order.
 * Results outlive the workers: a producer that restarts can wait again on the same batch id.
 */
export async function waitForBatch(options: WaitForBatchOptions): Promise<QueueResult[]> {
  const { queue, batchId, onProgress, pollIntervalMs = 250, signal } = options;
  const resultsKey = queue.keys.results(batchId);
  const itemsKey = queue.keys.items(batchId);
  let reported = -1;
  while (true) {
    signal?.throwIfAborted();
    const [done, total] = await Promise.all([queue.redis.hlen(resultsKey), queue.redis.zcard(itemsKey)]);
    if (done !== reported) {
      reported = done;
      onProgress?.({ done, total });
    }
    if (done >= total) break;
    await delay(pollIntervalMs, undefined, signal ? { signal } : {});
  }
  const order = await queue.redis.zrange(itemsKey, 0, -1);
  const stored = order.length ? await queue.redis.hmget(resultsKey, ...order) : [];
  return stored.map((text) => JSON.parse(text as string) as QueueResult);
}
