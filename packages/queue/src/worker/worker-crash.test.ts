import { createAgent } from '@toolloop/core';
import { type Simulator, startSimulator } from '@toolloop/simulator';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRedis } from '../../../cache/src/test-utils.js';
import { executionCounts, fixtureKeys, weatherAgentOptions } from '../__fixtures__/weather-agent.js';
import { createQueue, type ToolloopQueue } from '../queue/create-queue.js';
import { enqueue } from '../queue/enqueue.js';
import type { QueueItem } from '../queue/types.js';
import { waitForBatch } from '../queue/wait-for-batch.js';
import { startWorkerProcess, type WorkerProcess, waitFor } from '../test-support/worker-process.js';

const cities = ['서울', '부산', '대구', '인천', '광주', '대전', '울산', '제주'];
const name = `crash-${process.pid}-${Date.now()}`;
const keyPrefix = `toolloop-test:${name}`;

function items(count: number): QueueItem[] {
  const list: QueueItem[] = [];
  for (let index = 0; index < count; index++) {
    const city = cities[index % cities.length];
    list.push({ custom_id: `t-${String(index).padStart(3, '0')}`, input: `${city} 날씨 어때?` });
  }
  // Mid-batch: the job whose worker freezes in a tool call, and the one frozen in a model call.
  list.splice(60, 0, { custom_id: 'freeze-tool', input: '부산 날씨 어때?' });
  list.splice(120, 0, { custom_id: 'freeze-model', input: '서울 날씨 어때?' });
  return list;
}

describe('3 worker processes, two killed with SIGKILL mid-run', () => {
  let redisUrl: string;
  let redis: Redis;
  let sim: Simulator;
  let queue: ToolloopQueue;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    redisUrl = await ensureRedis();
    redis = new Redis(redisUrl);
    sim = await startSimulator({ record: false });
    queue = await createQueue({ connection: redisUrl, name });
  });
  afterAll(async () => {
    for (const worker of workers) worker.process.kill('SIGKILL');
    await queue?.bull.obliterate({ force: true }).catch(() => {});
    await queue?.close();
    const stale = await redis.keys(`toolloop*${name}*`);
    if (stale.length) await redis.del(...stale);
    redis.disconnect();
    await sim?.close();
  });

  it('completes every custom_id once, never re-runs a finished tool, and matches a single-process run', async () => {
    const keys = fixtureKeys(keyPrefix);
    for (let index = 0; index < 3; index++) {
      // 5 s locks, renewed every 2.5 s: a dead worker's jobs move on within seconds, while a live
      // worker on a loaded machine (2 shared cores) keeps its locks — a lost lock is the case the
      // journal cannot cover (docs/scale-out.md).
      workers.push(
        await startWorkerProcess({
          redisUrl,
          name,
          simUrl: sim.url,
          keyPrefix,
          concurrency: 4,
          lockDurationMs: 5000,
        }),
      );
    }
    const batch = items(500);
    const { batchId, size } = await enqueue({ queue, items: batch, batchId: 'nightly' });
    expect(size).toBe(502);

    const inTool = Number(
      await waitFor(() => redis.get(keys.frozenInTool), 'a worker frozen in a tool call'),
    );
    process.kill(inTool, 'SIGKILL');
    const inModel = Number(
      await waitFor(() => redis.get(keys.frozenInModel), 'a worker frozen in a model call'),
    );
    process.kill(inModel, 'SIGKILL');
    const killed = workers.filter((worker) => worker.pid === inTool || worker.pid === inModel);
    expect(await Promise.all(killed.map((worker) => worker.exited))).toEqual(
      inTool === inModel ? ['SIGKILL'] : ['SIGKILL', 'SIGKILL'],
    );

    const results = await waitForBatch({ queue, batchId, pollIntervalMs: 50 });
    expect(results.map((result) => result.custom_id)).toEqual(batch.map((item) => item.custom_id));
    expect(results.filter((result) => result.error)).toEqual([]);

    // Every tool call ran once, except those running in a worker when it was killed (the frozen
    // one, and any call the killed workers' other jobs had in flight): they ran again, told `resumed`.
    const executions = await executionCounts(redis, keys);
    const resumed = Object.keys(await redis.hgetall(keys.resumed)).sort();
    const twice = Object.keys(executions).filter((call) => executions[call] !== 1);
    expect(Object.values(executions).filter((count) => count !== 1 && count !== 2)).toEqual([]);
    // (A call killed before its first count landed shows `resumed` with a count of 1.)
    expect(twice.filter((call) => !resumed.includes(call))).toEqual([]);
    expect(twice.filter((call) => call.startsWith('nightly|freeze-tool/'))).toHaveLength(1);
    // The job killed in its second model call had finished its tool call: replayed, not re-run.
    const frozenInModel = Object.entries(executions).filter(([call]) =>
      call.startsWith('nightly|freeze-model/'),
    );
    expect(frozenInModel.map(([, count]) => count)).toEqual([1]);
    expect(Object.keys(executions)).toHaveLength(502);

    // The same items through one in-process agent give the same answers.
    const local = createAgent(
      weatherAgentOptions({ simUrl: sim.url, redis, keys: fixtureKeys(`${keyPrefix}:local`) }),
    );
    const expected = await Promise.all(batch.map(async (item) => (await local.run(item.input)).text));
    expect(results.map((result) => result.response?.text)).toEqual(expected);
  }, 180_000);
});
