import type { Middleware, Tool } from '@toolloop/core';
import { openai } from '@toolloop/openai';
import { type Simulator, startSimulator } from '@toolloop/simulator';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureRedis } from '../../../cache/src/test-utils.js';
import { cancelBatch } from '../queue/cancel-batch.js';
import { createQueue, type ToolloopQueue } from '../queue/create-queue.js';
import { enqueue } from '../queue/enqueue.js';
import type { JobProgress } from '../queue/types.js';
import { waitForBatch } from '../queue/wait-for-batch.js';
import { createWorker, type ToolloopWorker } from './create-worker.js';

let redisUrl: string;
let sim: Simulator;
let redis: Redis;
const names: string[] = [];
const open: Array<ToolloopQueue | ToolloopWorker> = [];

beforeAll(async () => {
  redisUrl = await ensureRedis();
  redis = new Redis(redisUrl);
  sim = await startSimulator({ record: false });
});
afterEach(async () => {
  for (const handle of open.splice(0)) await handle.close();
});
afterAll(async () => {
  for (const name of names) {
    const stale = await redis.keys(`bull:${name}:*`);
    stale.push(...(await redis.keys(`toolloop:queue:${name}:*`)));
    if (stale.length) await redis.del(...stale);
  }
  redis.disconnect();
  await sim.close();
});

async function setup(agentTools: Tool[], middleware: Middleware[] = [], concurrency = 1) {
  const name = `worker-${names.length}-${process.pid}-${Date.now()}`;
  names.push(name);
  const queue = await createQueue({ connection: redisUrl, name });
  const worker = await createWorker({
    connection: redisUrl,
    name,
    concurrency,
    agent: {
      model: openai('gpt-4o-mini', { baseURL: sim.url, apiKey: 'sk-test' }),
      tools: agentTools,
      middleware,
    },
  });
  open.push(worker, queue);
  return { queue, worker };
}

function weatherTool(execute: Tool['execute']): Tool {
  return {
    name: 'get_weather',
    description: 'Gets the weather for a city. 도시의 날씨를 알려줍니다.',
    jsonSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    parseInput: (input) => ({ success: true, data: input }),
    execute,
  };
}

describe('createWorker', () => {
  it('runs `concurrency` jobs at once, never more', async () => {
    let inFlight = 0;
    let most = 0;
    let openGate: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      openGate = resolve;
    });
    const tool = weatherTool(async ({ city }: { city: string }) => {
      inFlight++;
      most = Math.max(most, inFlight);
      // The first three calls wait for each other: they can only all arrive if three jobs run at once.
      if (inFlight === 3) openGate();
      await gate;
      inFlight--;
      return { city, sky: '맑음' };
    });
    const { queue } = await setup([tool], [], 3);
    const items = Array.from({ length: 9 }, (_, index) => ({
      custom_id: `c${index}`,
      input: '서울 날씨 어때?',
    }));
    const { batchId } = await enqueue({ queue, items });
    const results = await waitForBatch({ queue, batchId, pollIntervalMs: 20 });
    expect(results.every((result) => result.response?.text.includes('서울'))).toBe(true);
    expect(most).toBe(3);
  });

  it('reports progress per step: step, tokens and cost', async () => {
    const tool = weatherTool(({ city }: { city: string }) => ({ city, sky: '흐림' }));
    const { queue, worker } = await setup([tool]);
    const seen: JobProgress[] = [];
    worker.bull.on('progress', (_job, progress) => {
      seen.push(progress as JobProgress);
    });
    const { batchId } = await enqueue({ queue, items: [{ custom_id: 'p', input: '부산 날씨 어때?' }] });
    const [result] = await waitForBatch({ queue, batchId, pollIntervalMs: 20 });
    expect(seen.map((progress) => progress.step)).toEqual([1, 2]);
    expect(seen[0]?.tokens).toBeGreaterThan(0);
    expect(seen[1]?.tokens).toBe(
      (result?.response?.usage.inputTokens ?? 0) + (result?.response?.usage.outputTokens ?? 0),
    );
    expect(seen[1]?.cost).toBeCloseTo(result?.response?.cost ?? Number.NaN, 12);
  });

  it('tries a job that threw outside the loop again, with backoff, and records the last failure', async () => {
    let calls = 0;
    const flaky: Middleware = {
      name: 'flaky',
      async generate(request, next) {
        calls++;
        // A plain Error (not a toolloop error) stands for a failure outside the agent loop.
        if (calls <= 2) throw new TypeError(`broken ${calls}`);
        return next(request);
      },
    };
    const { queue } = await setup([], [flaky]);
    const ok = await enqueue({
      queue,
      items: [{ custom_id: 'ok', input: '안녕' }],
      attempts: 3,
      backoffMs: 10,
    });
    const [result] = await waitForBatch({ queue, batchId: ok.batchId, pollIntervalMs: 20 });
    expect(result?.response?.text).toBeTruthy();
    expect(calls).toBe(3);

    calls = -10;
    const bad = await enqueue({
      queue,
      items: [{ custom_id: 'bad', input: '안녕' }],
      attempts: 2,
      backoffMs: 10,
    });
    const [failed] = await waitForBatch({ queue, batchId: bad.batchId, pollIntervalMs: 20 });
    expect(failed).toEqual({ custom_id: 'bad', error: { code: 'job-failed', message: 'broken -8' } });
  });

  it('does not retry an API error the agent threw: it is the item result', async () => {
    sim.fault({ type: 'status', status: 400 });
    const { queue } = await setup([]);
    const { batchId } = await enqueue({ queue, items: [{ custom_id: 'e', input: '안녕' }], backoffMs: 10 });
    const [result] = await waitForBatch({ queue, batchId, pollIntervalMs: 20 });
    expect(result?.error?.code).toBe('api-call');
  });

  it('cancels a batch: waiting jobs are dropped, running tools see the abort, every item gets a result', async () => {
    let started = 0;
    let aborted = 0;
    let bothRunning: () => void = () => {};
    const running = new Promise<void>((resolve) => {
      bothRunning = resolve;
    });
    const tool = weatherTool(async (_input: unknown, context: { signal: AbortSignal }) => {
      started++;
      if (started === 2) bothRunning();
      await new Promise<void>((resolve) =>
        context.signal.addEventListener('abort', () => resolve(), { once: true }),
      );
      aborted++;
      throw context.signal.reason;
    });
    const { queue } = await setup([tool], [], 2);
    const items = Array.from({ length: 6 }, (_, index) => ({
      custom_id: `k${index}`,
      input: '서울 날씨 어때?',
    }));
    const { batchId } = await enqueue({ queue, items });
    await running;
    expect(await cancelBatch({ queue, batchId })).toEqual({ cancelled: 4 });
    const results = await waitForBatch({ queue, batchId, pollIntervalMs: 20 });
    expect(results.map((result) => result.error?.code)).toEqual(Array(6).fill('aborted'));
    expect({ started, aborted }).toEqual({ started: 2, aborted: 2 });
    expect(await queue.bull.getWaitingCount()).toBe(0);
  });
});
