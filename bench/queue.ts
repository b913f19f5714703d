// The queue's overhead: N two-step tool-loop jobs on 3 local worker processes over Redis, versus the
// same jobs as a local runBatch (one process, same total concurrency). Needs Redis (bash scripts/redis.sh start).
//   pnpm --filter @toolloop/bench exec tsx --conditions=@toolloop/source queue.ts [--jobs 10000] [--concurrency 48]
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBatch } from '@toolloop/batch';
import { createAgent } from '@toolloop/core';
import { createQueue, enqueue, waitForBatch } from '@toolloop/queue';
import { agent } from './queue-agent.js';
import { startSimulatorProcess } from './simulator-process.js';

const arg = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index < 0 ? fallback : Number(process.argv[index + 1]);
};
const jobs = arg('jobs', 10_000);
const concurrency = arg('concurrency', 48);
const workers = 3;
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6390';
const here = dirname(fileURLToPath(import.meta.url));
const cities = ['서울', '부산', '대구', '인천', '광주', '대전', '울산', '제주'];
const items = Array.from({ length: jobs }, (_, index) => ({
  custom_id: `j-${index}`,
  input: `${cities[index % cities.length]} 날씨 어때?`,
}));

const sim = await startSimulatorProcess();
const line = (label: string, value: string) => console.log(`${label.padEnd(34)} ${value}`);

// Local: runBatch in one process, the same agent, `concurrency` runs in flight, results to JSONL.
const local = createAgent(agent(sim.url));
const outDir = mkdtempSync(join(tmpdir(), 'toolloop-bench-queue-'));
let started = performance.now();
await runBatch(local, items, {
  outputPath: join(outDir, 'results.jsonl'),
  stateDir: join(outDir, 'state'),
  concurrency,
});
const localMs = performance.now() - started;
rmSync(outDir, { recursive: true, force: true });

// Queue: 3 worker processes, concurrency / 3 each; timed from enqueue to the last result.
const name = `bench-${process.pid}`;
const children: ChildProcess[] = [];
for (let index = 0; index < workers; index++) {
  const child = spawn(
    process.execPath,
    ['--conditions=@toolloop/source', '--import', 'tsx', join(here, 'queue-worker.ts')],
    {
      env: {
        ...process.env,
        REDIS_URL: redisUrl,
        QUEUE: name,
        SIM_URL: sim.url,
        CONCURRENCY: String(concurrency / workers),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve) =>
    child.stdout?.on('data', (text: Buffer) => text.includes('ready') && resolve()),
  );
  children.push(child);
}
const queue = await createQueue({ connection: redisUrl, name });
started = performance.now();
const { batchId } = await enqueue({ queue, items });
const results = await waitForBatch({ queue, batchId, pollIntervalMs: 20 });
const queueMs = performance.now() - started;
const failed = results.filter((result) => !result.response).length;

for (const child of children) child.kill('SIGTERM');
await queue.bull.obliterate({ force: true });
const stale = await queue.redis.keys(`toolloop:queue:${name}:*`);
for (let start = 0; start < stale.length; start += 500)
  await queue.redis.del(...stale.slice(start, start + 500));
await queue.close();
await sim.close();

line(
  `local runBatch, 1 process × ${concurrency}`,
  `${(jobs / (localMs / 1000)).toFixed(0)} jobs/s (${(localMs / jobs).toFixed(3)} ms/job)`,
);
line(
  `queue, ${workers} processes × ${concurrency / workers}`,
  `${(jobs / (queueMs / 1000)).toFixed(0)} jobs/s (${(queueMs / jobs).toFixed(3)} ms/job), ${failed} failed`,
);
line('queue overhead per job (wall)', `${((queueMs - localMs) / jobs).toFixed(3)} ms`);
console.log(
  JSON.stringify({
    node: process.version,
    date: new Date().toISOString(),
    jobs,
    concurrency,
    localMs,
    queueMs,
  }),
);
