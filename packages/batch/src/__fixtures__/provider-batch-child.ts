// Runs a provider-mode batch in its own process, to be killed with SIGKILL by the test mid-round.
import { openaiBatchApi } from '@toolloop/openai';
import { runBatch } from '../run-batch.js';
import { lookupAgent } from './lookup-agent.js';

const [baseURL, apiKey, outputPath, stateDir, executions, count] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
  string,
];
const items = Array.from({ length: Number(count) }, (_, i) => ({ custom_id: `item-${i + 1}`, input: `item ${i + 1}` }));
await runBatch(lookupAgent(baseURL, apiKey, executions), items, {
  outputPath,
  stateDir,
  id: 'batch_provider_crash',
  provider: openaiBatchApi('gpt-4o-mini', { baseURL, apiKey }),
  poll: { initialMs: 2, maxMs: 10 },
});
