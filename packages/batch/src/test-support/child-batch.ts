// A batch in its own process, for the kill -9 resume test: prints "done <n>" after every finished item.
import { createAgent } from '@toolloop/core';
import { openai } from '@toolloop/openai';
import { runBatch } from '../local/run-batch.js';
import { itemsOf } from './items.js';

const [baseURL, outputPath, stateDir, count] = process.argv.slice(2) as [string, string, string, string];
const agent = createAgent({ model: openai('gpt-4o-mini', { baseURL, apiKey: 'sk-test' }) });
await runBatch(agent, itemsOf(Number(count)), {
  outputPath,
  stateDir,
  concurrency: 2,
  onProgress: (progress) => process.stdout.write(`done ${progress.done}\n`),
});
process.stdout.write('finished\n');
