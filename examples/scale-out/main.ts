// Scale-out: a producer enqueues weather questions on Redis, two worker processes answer them,
// and the producer prints the results in order. Offline (no OPENAI_API_KEY / OPENAI_BASE_URL) the
// workers talk to the built-in simulator, which this process starts.
//   npm start                                   → Redis at redis://127.0.0.1:6390 (started if the scripts can)
//   REDIS_URL=redis://my-redis:6379 npm start
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createQueue,
  enqueue,
  RedisUnreachableError,
  type ToolloopQueue,
  waitForBatch,
} from '@toolloop/queue';
import { endpointFromEnv } from '@toolloop/simulator';

const here = dirname(fileURLToPath(import.meta.url));
const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6390';
const name = `weather-${process.pid}`;

async function openQueue(): Promise<ToolloopQueue> {
  try {
    return await createQueue({ connection: redisUrl, name });
  } catch (error) {
    if (!RedisUnreachableError.isInstance(error) || process.env.REDIS_URL) throw error;
    console.log('Redis is not running on 127.0.0.1:6390; starting it with scripts/redis.sh…');
    spawnSync('bash', [join(here, '../../scripts/redis.sh'), 'start'], { stdio: 'inherit' });
    return createQueue({ connection: redisUrl, name });
  }
}

function startWorker(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--conditions=@toolloop/source', '--import', 'tsx', 'worker.ts'], {
    cwd: here,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`a worker exited with ${code} before it was ready`)));
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      process.stdout.write(text);
      if (text.includes('ready')) resolve(child);
    });
  });
}

const queue = await openQueue();
const endpoint = await endpointFromEnv();
console.log(endpoint.description);
const workerEnv: NodeJS.ProcessEnv = {
  ...process.env,
  REDIS_URL: redisUrl,
  QUEUE: name,
  OPENAI_BASE_URL: endpoint.baseURL,
  OPENAI_API_KEY: endpoint.apiKey ?? 'sk-simulator',
  OPENAI_MODEL: endpoint.model,
  ...(endpoint.offline ? { TOOLLOOP_WEATHER: 'offline' } : {}),
};
const workers: ChildProcess[] = [];
try {
  workers.push(...(await Promise.all([startWorker(workerEnv), startWorker(workerEnv)])));
  const cities = ['서울', '부산', '대구', '인천', '광주', '대전', '울산', '제주'];
  const items = cities.map((city, index) => ({
    custom_id: `ticket-${index + 1}`,
    input: `${city} 날씨 어때?`,
  }));
  const { batchId, size } = await enqueue({ queue, items, batchId: 'weather-tickets' });
  console.log(`enqueued ${size} items as batch ${batchId}`);
  const results = await waitForBatch({
    queue,
    batchId,
    onProgress: ({ done, total }) => console.log(`progress ${done}/${total}`),
  });
  for (const result of results) {
    const answer = result.response
      ? result.response.text
      : `오류(${result.error?.code}): ${result.error?.message}`;
    console.log(`${result.custom_id}: ${answer}`);
  }
} finally {
  for (const worker of workers) worker.kill('SIGTERM');
  await Promise.all(workers.map((worker) => new Promise((resolve) => worker.once('exit', resolve))));
  await queue.bull.obliterate({ force: true }).catch(() => {});
  await queue.redis.del(queue.keys.items('weather-tickets'), queue.keys.results('weather-tickets'));
  await queue.close();
  await endpoint.close();
}
