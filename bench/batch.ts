// Local batch overhead: runBatch (checkpointed, streamed to JSONL) vs the same agent.run calls in a
// plain bounded pool, on the simulator in its own process; then peak RSS of one large batch.
// `tsx --conditions=@toolloop/source batch.ts [--items 10000] [--concurrency 32] [--rounds 5] [--rss-items 100000]`
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runBatch } from '@toolloop/batch';
import { createAgent } from '@toolloop/core';
import { openai } from '@toolloop/openai';
import { alternate, pool, startSimulatorProcess } from './simulator-process.js';

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '32' },
    rounds: { type: 'string', default: '5' },
    'rss-items': { type: 'string', default: '100000' },
  },
});
const items = Number(values.items);
const concurrency = Number(values.concurrency);
const rssItems = Number(values['rss-items']);

const sim = await startSimulatorProcess();
const dir = await mkdtemp(join(tmpdir(), 'toolloop-bench-batch-'));
const agent = createAgent({ model: openai('gpt-4o-mini', { baseURL: sim.url, apiKey: 'sk-bench' }) });
const batchItems = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ custom_id: `item-${i}`, input: `질문 ${i % 100}` }));
const input = batchItems(items);
let run = 0;
try {
  const r = await alternate({
    sim,
    rounds: Number(values.rounds),
    warmupRounds: 1,
    raw: () => pool(items, concurrency, (i) => agent.run(input[i]!.input)),
    ours: () =>
      runBatch(agent, input, { outputPath: join(dir, `out-${run++}.jsonl`), stateDir: dir, concurrency }),
  });
  console.log(
    `local batch, ${items} items at ${concurrency}`.padEnd(34),
    `Promise pool ${r.rawMs.toFixed(0)} ms, runBatch ${r.oursMs.toFixed(0)} ms, ratio ${(r.oursMs / r.rawMs).toFixed(2)}×, client CPU ${(r.oursCpu / r.rawCpu).toFixed(2)}× (simulator CPU ${(r.simulatorCpuShare * 100).toFixed(0)}%)`,
  );
  const before = process.memoryUsage().rss;
  let peak = before;
  await runBatch(agent, batchItems(rssItems), {
    outputPath: join(dir, 'big.jsonl'),
    stateDir: dir,
    concurrency,
    onProgress: () => {
      peak = Math.max(peak, process.memoryUsage().rss);
    },
  });
  console.log(
    `local batch, ${rssItems} items`.padEnd(34),
    `peak RSS ${(peak / 2 ** 20).toFixed(0)} MB (${(before / 2 ** 20).toFixed(0)} MB before)`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
  await sim.close();
}
