// Local batch overhead: runBatch (checkpointed, streamed to JSONL) vs the same agent.run calls in a
// plain bounded pool, alternating round by round against the simulator in its own process; then the
// peak RSS of one large batch in a fresh process (results stream to disk, never held).
// `tsx --conditions=@toolloop/source batch.ts [--items 10000] [--concurrency 32] [--rounds 11] [--rss-items 100000]`
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runBatch } from '@toolloop/batch';
import { createAgent } from '@toolloop/core';
import { onAbort } from '@toolloop/core/internal';
import { openai } from '@toolloop/openai';
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
  const r = await alternate({
    sim,
    rounds: Number(values.rounds),
    warmupRounds: 1,
    sides: {
      pool: () => timed(() => pool(items, concurrency, (i) => agent.run(input[i]!.input))),
      // The same runs given what runBatch gives each (a cancel signal per worker, the batch item, no
      // middleware): what the agent's own handling of those costs, apart from runBatch's bookkeeping.
      poolWithOptions: () =>
        timed(async () => {
          let next = 0;
          const worker = async (): Promise<void> => {
            const cancel = new AbortController();
            const hold = onAbort(cancel.signal, () => {});
            while (next < items) {
              const item = input[next++]!;
              await agent.run(item.input, {
                signal: cancel.signal,
                middleware: [],
                batchItem: { batchId: 'b', customId: item.custom_id },
              });
            }
            hold();
          };
          await Promise.all(Array.from({ length: concurrency }, worker));
        }),
      runBatch: () =>
        timed(() =>
          runBatch(agent, input, { outputPath: join(dir, `out-${run++}.jsonl`), stateDir: dir, concurrency }),
        ),
    },
  });
  // Judged on the median of the paired ratios: each round's runBatch against the pool round next to
  // it, so the machine's drift between rounds (large on a shared 2-core VM) cancels out.
  const overPool = pairedRatios(r.runBatch, r.pool);
  const overOptions = pairedRatios(r.runBatch, r.poolWithOptions);
  const optionsOverPool = pairedRatios(r.poolWithOptions, r.pool);
  const wall = median(overPool);
  const cpu = median(r.runBatch.cpuMicros) / median(r.pool.cpuMicros);
  console.log(
    `local batch, ${items} items at ${concurrency}`.padEnd(34),
    `Promise pool ${median(r.pool.wallMs).toFixed(0)} ms, runBatch ${median(r.runBatch.wallMs).toFixed(0)} ms (medians of ${values.rounds} rounds); runBatch over the pool: wall ${spread(overPool)} (target ≤ 1.10×: ${wall <= 1.1 ? 'met' : 'not met'}), client CPU ${cpu.toFixed(2)}×; over the pool given runBatch's run options (${median(r.poolWithOptions.wallMs).toFixed(0)} ms): ${spread(overOptions)}; those options alone over the plain pool: ${spread(optionsOverPool)}`,
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
