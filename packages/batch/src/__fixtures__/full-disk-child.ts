// Runs a batch whose output outgrows the file size limit its parent set (`ulimit -f`), and prints
// how runBatch ended: the write error must stop the batch and be thrown, not crash the process.
import { createAgent } from '@toolloop/core';
import { runBatch } from '../run-batch.js';
import { fullDiskItems, fullDiskModel } from './full-disk-agent.js';

const [outputPath, stateDir] = process.argv.slice(2) as [string, string];
try {
  const status = await runBatch(createAgent({ model: fullDiskModel() }), fullDiskItems, {
    outputPath,
    stateDir,
    concurrency: 4,
  });
  console.log(JSON.stringify({ resolved: status.status }));
} catch (error) {
  const { code, message, cause } = error as { code?: string; message: string; cause?: { code?: string } };
  console.log(JSON.stringify({ rejected: code, cause: cause?.code, message }));
}
