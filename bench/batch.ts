// Local batch overhead: runBatch (checkpointed, streamed to JSONL) vs the same agent.run calls in a
// plain bounded Promise.all (p-limit, as docs/concurrency.md writes it: the baseline) and in
// a stricter hand-rolled pool of 32 workers that keeps no results, alternating round by round against
// the simulator in its own process; then the peak RSS of one large batch in a fresh process (results
// stream to disk, never held).
// `tsx --conditions=@toolloop/source batch.ts [--items 10000] [--concurrency 32] [--rounds 11] [--rss-items 100000]`
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { runBatch } from '@toolloop/batch';
import { createAgent } from '@toolloop/core';
import { openai } from '@toolloop/openai';
import pLimit from 'p-limit';
import {
  alternate,
  median,
  pool,
  type RoundCost,
  type SideRounds,
  sourceExecArgv,
  startSimulatorProcess,
} from './simulator-process.js';

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '32' },
    rounds: { type: 'string', default: '11' },
    'rss-items': { type: 'string', default: '100000' },
    // Internal: the fresh process that measures peak RSS (`--rss-only <simulator url>`).
    'rss-only': { type: 'string' },
  },
});
const items = Number(values.items);
const concurrency = Number(values.concurrency);
const rssItems = Number(values['rss-items']);
const batchItems = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ custom_id: `item-${i}`, input: `질문 ${i % 100}` }));

async function timed(run: () => Promise<unknown>): Promise<RoundCost> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await run();
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - start, cpuMicros: used.user + used.system };
}

if (values['rss-only']) {
  // Fresh process: only the large batch, so its peak RSS is the batch's.
  const dir = await mkdtemp(join(tmpdir(), 'toolloop-bench-batch-rss-'));
  const agent = createAgent({
    model: openai('gpt-4o-mini', { baseURL: values['rss-only'], apiKey: 'sk-bench' }),
  });
  const before = process.memoryUsage().rss;
  await runBatch(agent, batchItems(rssItems), {
    outputPath: join(dir, 'big.jsonl'),
    stateDir: dir,
    concurrency,
  });
  console.log(JSON.stringify({ beforeMB: before / 2 ** 20, peakMB: process.resourceUsage().maxRSS / 1024 }));
  await rm(dir, { recursive: true, force: true });
  process.exit(0);
}

const sim = await startSimulatorProcess();
const dir = await mkdtemp(join(tmpdir(), 'toolloop-bench-batch-'));
const agent = createAgent({ model: openai('gpt-4o-mini', { baseURL: sim.url, apiKey: 'sk-bench' }) });
const input = batchItems(items);
let run = 0;
/** Paired rounds (the same round of two sides ran back to back): their wall ratios, sorted. */
const pairedRatios = (side: SideRounds, base: SideRounds): number[] =>
  side.wallMs.map((ms, i) => ms / base.wallMs[i]!).sort((a, b) => a - b);
const spread = (ratios: number[]): string =>
  `median ${median(ratios).toFixed(2)}× (rounds ${ratios[0]!.toFixed(2)}–${ratios.at(-1)!.toFixed(2)})`;
try {
  // Every round starts from a collected heap: what one side leaves behind (the Promise.all's 10,000
  // results) must not be collected in, and charged to, the round after it.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const r = await alternate({
    sim,
    rounds: Number(values.rounds),
    warmupRounds: 1,
    prepare: async () => gc(),
    sides: {
      // The baseline, as docs/concurrency.md teaches it: every run in one Promise.all, capped
      // by p-limit. Like any Promise.all it holds every result until the last run ends.
      promiseAll: () =>
        timed(() => {
          const limit = pLimit(concurrency);
          return Promise.all(input.map((item) => limit(() => agent.run(item.input))));
        }),
      // Stricter: 32 workers taking the next item in turn, each result dropped at once.
      pool: () => timed(() => pool(items, concurrency, (i) => agent.run(input[i]!.input))),
      runBatch: () =>
        timed(() =>
          runBatch(agent, input, { outputPath: join(dir, `out-${run++}.jsonl`), stateDir: dir, concurrency }),
        ),
    },
  });
  // Judged on the median of the paired ratios: each round's runBatch against the baseline round run
  // next to it, so the machine's drift between rounds (large on a shared 2-core VM) cancels out.
  const overPromiseAll = pairedRatios(r.runBatch, r.promiseAll);
  const overPool = pairedRatios(r.runBatch, r.pool);
  const wall = median(overPromiseAll);
  console.log(
    `local batch, ${items} items at ${concurrency}`.padEnd(34),
    `runBatch ${median(r.runBatch.wallMs).toFixed(0)} ms, bounded Promise.all ${median(r.promiseAll.wallMs).toFixed(0)} ms, worker pool ${median(r.pool.wallMs).toFixed(0)} ms (medians of ${values.rounds} rounds); runBatch over the bounded Promise.all: wall ${spread(overPromiseAll)} (target ≤ 1.10×: ${wall <= 1.1 ? 'met' : 'not met'}), client CPU ${(median(r.runBatch.cpuMicros) / median(r.promiseAll.cpuMicros)).toFixed(2)}×; over the stricter worker pool that keeps no results: wall ${spread(overPool)}, client CPU ${(median(r.runBatch.cpuMicros) / median(r.pool.cpuMicros)).toFixed(2)}×`,
  );
  const child = spawnSync(
    process.execPath,
    [
      ...sourceExecArgv,
      fileURLToPath(import.meta.url),
      '--rss-only',
      sim.url,
      '--rss-items',
      String(rssItems),
      '--concurrency',
      String(concurrency),
    ],
    { encoding: 'utf8' },
  );
  if (child.status !== 0) throw new Error(`the RSS child failed: ${child.stderr}`);
  const { beforeMB, peakMB } = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as {
    beforeMB: number;
    peakMB: number;
  };
  console.log(
    `local batch, ${rssItems} items`.padEnd(34),
    `peak RSS ${peakMB.toFixed(0)} MB (${beforeMB.toFixed(0)} MB after imports; target < 200 MB: ${peakMB < 200 ? 'met' : 'not met'})`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
  await sim.close();
}
