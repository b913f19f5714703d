// Runs the crash-test batch in its own process, to be killed with SIGKILL by the test.
import { runBatch } from '../run-batch.js';
import { crashAgent, crashItems } from './crash-agent.js';

const [outputPath, stateDir, executions] = process.argv.slice(2) as [string, string, string];
await runBatch(crashAgent(executions, 5, { stall: true }), crashItems, { outputPath, stateDir, concurrency: 4, id: 'batch_crash' });
