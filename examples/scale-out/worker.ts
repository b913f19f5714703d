// One worker process: takes jobs from the queue until it gets SIGTERM.
//   REDIS_URL=redis://127.0.0.1:6390 QUEUE=weather tsx --conditions=@toolloop/source worker.ts
import { createWorker } from '@toolloop/queue';
import { agent } from './agent.js';

const worker = await createWorker({
  connection: process.env.REDIS_URL || 'redis://127.0.0.1:6390',
  name: process.env.QUEUE || 'weather',
  agent: agent(),
  concurrency: 4,
});
console.log(`worker ${process.pid} ready`);
process.once('SIGTERM', () => {
  // close() lets the jobs in hand finish first.
  void worker.close().then(() => process.exit(0));
});
