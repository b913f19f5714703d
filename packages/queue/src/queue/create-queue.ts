import { InvalidOptionError } from '@toolloop/core';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { type QueueKeys, queueKeys } from '../redis/keys.js';
import { openRedis } from '../redis/open-redis.js';
import type { JobData } from './types.js';

/** Options of {@link createQueue}. */
export interface CreateQueueOptions {
  /** Redis URL, e.g. `redis://127.0.0.1:6390`. */
  connection: string;
  /** Queue name shared by producers and workers (letters, digits, `-`, `_`, `.`). */
  name: string;
}

/** A producer's handle on a queue: pass it to `enqueue` and `waitForBatch`; `close()` when done. */
export interface ToolloopQueue {
  readonly name: string;
  /** The BullMQ queue underneath (for its dashboard and admin API). */
  readonly bull: Queue<JobData>;
  /** The Redis client used for results (internal). */
  readonly redis: Redis;
  /** Key names (internal). */
  readonly keys: QueueKeys;
  close(): Promise<void>;
}

const namePattern = /^[A-Za-z0-9._-]{1,100}$/;

/** Checks a queue name; shared by createQueue and createWorker. */
export function checkQueueName(name: unknown, caller: string): string {
  if (typeof name !== 'string' || !namePattern.test(name)) {
    throw new InvalidOptionError({
      option: 'name',
      message: `${caller}: \`name\` must be 1–100 letters, digits, '.', '_' or '-' (e.g. "tickets"), got ${JSON.stringify(name)}.`,
    });
  }
  return name;
}

/**
 * Opens a queue of agent jobs on Redis. Throws RedisUnreachableError (naming the URL without its
 * password) when Redis does not answer.
 * @example const queue = await createQueue({ connection: 'redis://127.0.0.1:6390', name: 'tickets' });
 */
export async function createQueue(options: CreateQueueOptions): Promise<ToolloopQueue> {
  const name = checkQueueName(options?.name, 'createQueue');
  const redis = await openRedis(options.connection);
  const bull = new Queue<JobData>(name, { connection: redis });
  bull.on('error', () => {});
  return {
    name,
    bull,
    redis,
    keys: queueKeys(name),
    async close() {
      await bull.close();
      redis.disconnect();
    },
  };
}
