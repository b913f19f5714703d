// `pnpm bench`: every benchmark, one after another (never run by the tests).
import { benchStreaming } from './streaming.js';
import { benchToolLoop } from './tool-loop.js';

const quick = process.argv.includes('--quick');
const results: unknown[] = [];
const line = (label: string, value: string) => console.log(`${label.padEnd(34)} ${value}`);

for (const concurrency of [1, 64]) {
  const r = await benchToolLoop({
    concurrency,
    runsPerRound: quick ? 100 : concurrency === 1 ? 300 : 2000,
    rounds: quick ? 3 : 7,
  });
  results.push(r);
  line(
    `tool loop, concurrency ${concurrency}`,
    `raw ${r.rawMsPerRun.toFixed(3)} ms/run, toolloop ${r.toolloopMsPerRun.toFixed(3)} ms/run, ratio ${r.ratio.toFixed(2)}×, client CPU ${r.cpuRatio.toFixed(2)}× (simulator CPU ${(r.simulatorCpuShare * 100).toFixed(0)}%)`,
  );
}
{
  const r = await benchStreaming({ deltas: 20_000, rounds: quick ? 3 : 9 });
  results.push(r);
  line(
    'stream, 20,000 deltas',
    `raw ${r.rawMicrosPerDelta.toFixed(2)} µs/delta, toolloop ${r.toolloopMicrosPerDelta.toFixed(2)} µs/delta, ratio ${r.ratio.toFixed(2)}×, client CPU ${r.cpuRatio.toFixed(2)}× (simulator CPU ${(r.simulatorCpuShare * 100).toFixed(0)}%)`,
  );
}
// The cache-hit benchmark is a standalone script; importing it runs it and prints its own lines.
await import('./cache-hit.js');
// So is the token-counting benchmark (first load in fresh processes, then warm counts).
await import('./count-tokens.js');
console.log(JSON.stringify({ node: process.version, date: new Date().toISOString(), results }));
