// A queue worker process for the tests:
//   node --import tsx worker-child.ts <redisUrl> <queue> <simUrl> <keyPrefix> <concurrency> <lockDurationMs>
import { Redis } from 'ioredis';
import { createWorker } from '../worker/create-worker.js';
import { fixtureKeys, weatherAgentOptions } from './weather-agent.js';

const [redisUrl = '', name = '', simUrl = '', prefix = '', concurrency = '4', lockDurationMs = '2000'] =
  process.argv.slice(2);
const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
redis.on('error', () => {});
const worker = await createWorker({
  connection: redisUrl,
  name,
  agent: weatherAgentOptions({ simUrl, redis, keys: fixtureKeys(prefix) }),
  concurrency: Number(concurrency),
  lockDurationMs: Number(lockDurationMs),
  stalledIntervalMs: Math.min(1000, Number(lockDurationMs)),
});
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void worker.close().then(() => {
    redis.disconnect();
    process.exit(0);
  });
});
