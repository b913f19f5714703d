// Tries to take a batch lock when told to on stdin (so several processes race), holds it a while,
// and prints whether it got it.
import { once } from 'node:events';
import { acquireBatchLock } from '../batch-lock.js';

const [path, holdMs] = process.argv.slice(2) as [string, string];
console.log('READY');
await once(process.stdin, 'data');
try {
  const release = acquireBatchLock(path, `batch-${process.pid}`);
  console.log('ACQUIRED');
  await new Promise((resolve) => setTimeout(resolve, Number(holdMs)));
  release();
} catch (error) {
  console.log(`REFUSED ${(error as Error).message}`);
}
process.exit(0);
