import { InvalidOptionError } from '@toolloop/core';
import { newId } from '@toolloop/core/internal';
import { jobIdOf } from '../redis/keys.js';
import type { ToolloopQueue } from './create-queue.js';
import type { QueueItem } from './types.js';

/** Options of {@link enqueue}. */
export interface EnqueueOptions {
  queue: ToolloopQueue;
  items: readonly QueueItem[];
  /** Names the batch; enqueueing the same batch id and custom_id again adds nothing. Default: a new id. */
  batchId?: string;
  /** Attempts of a job that throws outside the agent loop (default 3); HTTP retries belong to the retry middleware. */
  attempts?: number;
  /** First wait before such a job is tried again (doubling each time; default 1000 ms). */
  backoffMs?: number;
}

/** What enqueue did: the batch id to wait on, its size and how many jobs were new. */
export interface EnqueueResult {
  batchId: string;
  /** Items in the batch now (this call's and any enqueued before under the same id). */
  size: number;
  /** Items this call added; 0 when all were enqueued before. */
  added: number;
}

function checkItems(items: unknown): QueueItem[] {
  if (!Array.isArray(items)) {
    throw new InvalidOptionError({
      option: 'items',
      message: 'enqueue: `items` must be an array of { custom_id, input }.',
    });
  }
  const seen = new Set<string>();
  items.forEach((item: QueueItem, index) => {
    if (typeof item?.custom_id !== 'string' || item.custom_id === '') {
      throw new InvalidOptionError({
        option: 'items',
        message: `enqueue: item ${index} has no custom_id; every item needs a unique non-empty string custom_id.`,
      });
    }
    if (typeof item.input !== 'string' && !Array.isArray(item.input)) {
      throw new InvalidOptionError({
        option: 'items',
        message: `enqueue: item "${item.custom_id}" needs an \`input\`: a prompt string or an array of messages.`,
      });
    }
    if (seen.has(item.custom_id)) {
      throw new InvalidOptionError({
        option: 'items',
        message: `enqueue: custom_id "${item.custom_id}" appears twice; results are keyed by custom_id, so each must be unique. Nothing was enqueued.`,
      });
    }
    seen.add(item.custom_id);
  });
  return items;
}

/**
 * Adds items as jobs (job id = batch id + custom_id). Duplicate custom_ids are refused before
 * anything is enqueued; an item already in the batch is not added again.
 * @example const { batchId } = await enqueue({ queue, items: [{ custom_id: 't-1', input: '환불 문의' }] });
 */
export async function enqueue(options: EnqueueOptions): Promise<EnqueueResult> {
  const items = checkItems(options?.items);
  const { queue, attempts = 3, backoffMs = 1000 } = options;
  const batchId = options.batchId ?? newId('batch');
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(batchId)) {
    throw new InvalidOptionError({
      option: 'batchId',
      message: `enqueue: \`batchId\` must be 1–100 letters, digits, '.', '_' or '-', got ${JSON.stringify(batchId)}.`,
    });
  }
  const itemsKey = queue.keys.items(batchId);
  const known = items.length
    ? await queue.redis.zmscore(itemsKey, ...items.map((item) => item.custom_id))
    : [];
  const fresh = items.filter((_, index) => known[index] === null);
  // BullMQ ignores a job id it already holds, which covers two producers racing on one batch.
  for (let start = 0; start < fresh.length; start += 1000) {
    const chunk = fresh.slice(start, start + 1000);
    await queue.bull.addBulk(
      chunk.map((item) => ({
        name: 'run',
        data: { batchId, custom_id: item.custom_id, input: item.input },
        opts: {
          jobId: jobIdOf(batchId, item.custom_id),
          attempts,
          backoff: { type: 'exponential', delay: backoffMs },
          removeOnComplete: true,
          removeOnFail: true,
        },
      })),
    );
    // Scores keep the enqueue order, so waitForBatch returns results in the order of the items.
    const base = await queue.redis.zcard(itemsKey);
    await queue.redis.zadd(itemsKey, 'NX', ...chunk.flatMap((item, index) => [base + index, item.custom_id]));
  }
  return { batchId, size: await queue.redis.zcard(itemsKey), added: fresh.length };
}
