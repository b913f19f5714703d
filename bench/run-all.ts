// `pnpm bench`: every benchmark, one after another (never run by the tests), then one peer table
// (markdown). `--quick` (or BENCH_QUICK=1) is a sanity run of under two minutes: smaller rounds, one
// run, no installed size, no cache/token benchmarks. `--runs N` repeats the peer benchmarks (fresh
// processes each time) so the table shows ranges (default 3); `--no-size` skips the npm installs;
// `--json <file>` writes every figure as JSON.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { benchColdStart } from './cold-start.js';
import { benchInstalledSize } from './installed-size.js';
import { type PeerTableInput, peerTable } from './peer-table.js';
import type { PeerResult } from './peers/run-peers.js';
import { benchStreaming } from './streaming.js';
import { benchToolLoop } from './tool-loop.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    'no-size': { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});
const quick = values.quick || process.env.BENCH_QUICK === '1';
const runs = Number(values.runs ?? (quick ? 1 : 3));
const started = performance.now();
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`--runs must be a whole number ≥ 1, got ${values.runs}`);

const progress = (result: PeerResult) => {
  const cells = Object.entries(result.clients).map(
    ([name, c]) => `${name} ${c.wallRatio.toFixed(2)}× (CPU ${c.cpuRatio.toFixed(2)}×)`,
  );
  console.log(`  ${result.name}: ${cells.join(', ')}`);
};

const peerRuns: PeerResult[][] = [];
for (let run = 0; run < runs; run++) {
  console.log(`run ${run + 1} of ${runs}`);
  const results: PeerResult[] = [];
  const add = (result: PeerResult) => {
    progress(result);
    results.push(result);
  };
  add(await benchToolLoop({ concurrency: 1, runsPerRound: quick ? 40 : 300, rounds: quick ? 3 : 5 }));
  add(await benchToolLoop({ concurrency: 64, runsPerRound: quick ? 500 : 5000, rounds: quick ? 2 : 3 }));
  // Quick mode keeps the 20,000 deltas: shorter streams mostly measure a JIT still warming up.
  add(await benchStreaming({ deltas: 20_000, rounds: quick ? 3 : 7, shape: 'batched' }));
  add(await benchStreaming({ deltas: 20_000, rounds: quick ? 3 : 5, shape: 'per-event' }));
  if (!quick) add(await benchStreaming({ deltas: 2_000, rounds: 3, shape: 'paced' }));
  peerRuns.push(results);
}

console.log('cold start (fresh processes, built packages)');
const coldStart = await benchColdStart({ repetitions: quick ? 3 : 10 });
const installedSize = quick || values['no-size'] ? undefined : await benchInstalledSize();

// The cache-hit benchmark is a standalone script; importing it runs it and prints its own lines.
if (!quick) {
  await import('./cache-hit.js');
  // So is the token-counting benchmark (first load in fresh processes, then warm counts).
  await import('./count-tokens.js');
}

const input: PeerTableInput = { runs: peerRuns, coldStart, ...(installedSize ? { installedSize } : {}) };
console.log(`\n${peerTable({ ...input, quick })}\n`);
console.log(
  `(${((performance.now() - started) / 1000).toFixed(0)} s${quick ? ', quick mode: sanity figures only' : ''})`,
);
if (values.json) {
  // Relative to where `pnpm bench` was typed (pnpm runs the script in bench/ and sets INIT_CWD).
  const file = resolve(process.env.INIT_CWD ?? process.cwd(), values.json);
  const figures = { node: process.version, date: new Date().toISOString(), quick, ...input };
  await writeFile(file, `${JSON.stringify(figures, null, 2)}\n`);
  console.log(`figures written to ${file}`);
}
