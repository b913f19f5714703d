// Runs a batch whose files outgrow the file size limit its parent set (`ulimit -f`), and prints how
// runBatch ended: a write error must stop the batch and be thrown, not crash the process, and no
// item may be written as failed for it. `tools`: a tool-using agent, whose journal fills up first.
import { createAgent } from '@toolloop/core';
import { runBatch } from '../run-batch.js';
import { crashAgent } from './crash-agent.js';
import { fullDiskItems, fullDiskModel } from './full-disk-agent.js';

const [outputPath, stateDir, mode, executions] = process.argv.slice(2) as [string, string, string, string];
try {
  const agent = mode === 'tools' ? crashAgent(executions, 1) : createAgent({ model: fullDiskModel() });
  const status = await runBatch(agent, fullDiskItems, { outputPath, stateDir, concurrency: 4 });
  console.log(JSON.stringify({ resolved: status.status }));
} catch (error) {
  const { code, message, cause } = error as { code?: string; message: string; cause?: { code?: string } };
  console.log(JSON.stringify({ rejected: code, cause: cause?.code, message }));
}
