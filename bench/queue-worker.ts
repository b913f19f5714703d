// One worker process of the queue benchmark: REDIS_URL, QUEUE, SIM_URL, CONCURRENCY from the environment.
import { createWorker } from '@toolloop/queue';
import { agent } from './queue-agent.js';

const worker = await createWorker({
  connection: process.env.REDIS_URL ?? 'redis://127.0.0.1:6390',
  name: process.env.QUEUE ?? 'bench',
  agent: agent(),
  concurrency: Number(process.env.CONCURRENCY ?? 16),
});
process.stdout.write('ready\n');
process.once('SIGTERM', () => void worker.close().then(() => process.exit(0)));
