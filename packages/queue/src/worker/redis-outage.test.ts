import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Simulator, startSimulator } from '@toolloop/simulator';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionCounts, fixtureKeys } from '../__fixtures__/weather-agent.js';
import { createQueue, type ToolloopQueue } from '../queue/create-queue.js';
import { enqueue } from '../queue/enqueue.js';
import { waitForBatch } from '../queue/wait-for-batch.js';
import { type PersistentRedis, startPersistentRedis } from '../test-support/persistent-redis.js';
import { startWorkerProcess, type WorkerProcess, waitFor } from '../test-support/worker-process.js';

const cities = ['서울', '부산', '대구', '인천', '광주', '대전', '울산', '제주'];

describe('Redis stopped for 5 s during a run', () => {
  let dir: string;
  let server: PersistentRedis;
  let sim: Simulator;
  let queue: ToolloopQueue;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'toolloop-queue-outage-'));
    server = await startPersistentRedis(dir);
    sim = await startSimulator({ record: false });
    queue = await createQueue({ connection: server.url, name: 'outage' });
  });
  afterAll(async () => {
    for (const worker of workers) worker.process.kill('SIGKILL');
    queue?.redis.disconnect();
    server?.kill();
    await sim?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('loses no job and completes none twice; workers carry on when it is back', async () => {
    const keyPrefix = 'outage';
    for (let index = 0; index < 2; index++) {
      workers.push(
        await startWorkerProcess({
          redisUrl: server.url,
          name: 'outage',
          simUrl: sim.url,
          keyPrefix,
          concurrency: 4,
          // Longer than the outage: a live worker keeps its jobs (see docs/scale-out.md, lost locks).
          lockDurationMs: 30_000,
        }),
      );
    }
    const items = Array.from({ length: 200 }, (_, index) => ({
      custom_id: `o-${index}`,
      input: `${cities[index % cities.length]} 날씨 어때?`,
    }));
    const { batchId } = await enqueue({ queue, items, batchId: 'outage' });
    const probe = new Redis(server.url);
    await waitFor(
      async () => ((await probe.hlen(queue.keys.results(batchId))) >= 40 ? true : null),
      '40 results',
    );
    probe.disconnect();

    await server.stop();
    // The outage the acceptance names: 5 s of a Redis that does not answer.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    await server.start();

    const results = await waitForBatch({ queue, batchId, pollIntervalMs: 50 });
    expect(results.map((result) => result.custom_id)).toEqual(items.map((item) => item.custom_id));
    expect(results.filter((result) => !result.response)).toEqual([]);
    const executions = await executionCounts(queue.redis, fixtureKeys(keyPrefix));
    expect(Object.keys(executions)).toHaveLength(200);
    expect(Object.values(executions).filter((count) => count !== 1)).toEqual([]);
    expect(workers.every((worker) => worker.process.exitCode === null)).toBe(true);
  }, 120_000);
});
