import { createAgent } from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRedis } from '../../../cache/src/test-utils.js';
import { RedisUnreachableError } from '../errors/redis-unreachable-error.js';
import { createWorker } from '../worker/create-worker.js';
import { createQueue, type ToolloopQueue } from './create-queue.js';
import { enqueue } from './enqueue.js';

const name = `enqueue-${process.pid}-${Date.now()}`;

describe('enqueue', () => {
  let queue: ToolloopQueue;
  let redisUrl: string;
  beforeAll(async () => {
    redisUrl = await ensureRedis();
    queue = await createQueue({ connection: redisUrl, name });
  });
  afterAll(async () => {
    await queue.bull.obliterate({ force: true });
    const redis = new Redis(redisUrl);
    const stale = await redis.keys(`toolloop:queue:${name}:*`);
    if (stale.length) await redis.del(...stale);
    redis.disconnect();
    await queue.close();
  });

  it('adds each custom_id of a batch once, however often it is enqueued', async () => {
    const items = [
      { custom_id: 'a', input: '서울 날씨' },
      { custom_id: 'b', input: '부산 날씨' },
    ];
    expect(await enqueue({ queue, items, batchId: 'twice' })).toEqual({
      batchId: 'twice',
      size: 2,
      added: 2,
    });
    expect(await enqueue({ queue, items, batchId: 'twice' })).toEqual({
      batchId: 'twice',
      size: 2,
      added: 0,
    });
    expect(await queue.bull.getWaitingCount()).toBe(2);
    const more = [...items, { custom_id: 'c', input: '대구 날씨' }];
    expect(await enqueue({ queue, items: more, batchId: 'twice' })).toEqual({
      batchId: 'twice',
      size: 3,
      added: 1,
    });
    expect((await queue.bull.getWaiting()).map((job) => job.id).sort()).toEqual([
      'twice|a',
      'twice|b',
      'twice|c',
    ]);
  });

  it('refuses duplicate custom_ids before enqueueing anything', async () => {
    const before = await queue.bull.getWaitingCount();
    await expect(
      enqueue({
        queue,
        batchId: 'dupes',
        items: [
          { custom_id: 'x', input: '하나' },
          { custom_id: 'y', input: '둘' },
          { custom_id: 'x', input: '셋' },
        ],
      }),
    ).rejects.toThrow(/custom_id "x" appears twice.*Nothing was enqueued/);
    expect(await queue.bull.getWaitingCount()).toBe(before);
  });

  it('names an item without custom_id or input', async () => {
    await expect(enqueue({ queue, items: [{ input: 'q' } as never] })).rejects.toThrow(
      /item 0 has no custom_id/,
    );
    await expect(enqueue({ queue, items: [{ custom_id: 'k' } as never] })).rejects.toThrow(
      /item "k" needs an `input`/,
    );
  });

  it('gives custom_ids with colons and slashes job ids BullMQ accepts', async () => {
    await enqueue({ queue, batchId: 'odd', items: [{ custom_id: 'ticket:7/ä', input: '질문' }] });
    expect(await queue.bull.getJob('odd|ticket%3A7%2F%C3%A4')).toBeDefined();
  });
});

describe('bad connection and bad options', () => {
  it('names an unreachable Redis URL without its password', async () => {
    const error = await createQueue({ connection: 'redis://:hunter2@127.0.0.1:1', name: 'q' }).catch(
      (e) => e,
    );
    expect(RedisUnreachableError.isInstance(error)).toBe(true);
    expect(error.message).toContain('redis://:***@127.0.0.1:1');
    expect(error.message).not.toContain('hunter2');
    expect(String(error.cause?.message)).not.toContain('hunter2');
  });

  it('refuses a URL that is not redis://', async () => {
    await expect(createQueue({ connection: 'http://127.0.0.1:6390', name: 'q' })).rejects.toThrow(
      /must start with redis:\/\/ or rediss:\/\//,
    );
  });

  it('says what a worker agent must be when given an agent object or nothing', async () => {
    await expect(
      createWorker({ connection: 'redis://127.0.0.1:6390', name: 'q', agent: { run() {} } as never }),
    ).rejects.toThrow(/`agent` must be the agent's options — what you pass to createAgent/);
    const built = createAgent({ model: scriptedModel({ turns: [] }) });
    await expect(
      createWorker({ connection: 'redis://127.0.0.1:6390', name: 'q', agent: built as never }),
    ).rejects.toThrow(/not an agent made by createAgent/);
  });
});
