// Where a streamed delta's CPU goes, layer by layer: each client reads streams in its own child
// process with V8's sampling profiler on for the measured round only, and the self time is split
// into layers (see profile-layers.ts). JSON.parse, which has no frame of its own, is timed apart.
// Run: pnpm --filter @toolloop/bench profile [--deltas 20000] [--streams 10]
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ClientName } from './clients/index.js';
import { startPeer } from './peers/peer-process.js';
import { type CpuProfile, layerTimes } from './profile-layers.js';
import { median, startSimulatorProcess } from './simulator-process.js';

const { values } = parseArgs({
  options: {
    deltas: { type: 'string', default: '20000' },
    streams: { type: 'string', default: '10' },
    clients: { type: 'string', default: 'raw,toolloop-model,toolloop' },
  },
});
const deltas = Number(values.deltas);
const streams = Number(values.streams);
const clients = values.clients.split(',') as ClientName[];
const text = 'abcdefghij'.repeat(Math.ceil(deltas / 10)).slice(0, deltas);
const folder = await mkdtemp(join(tmpdir(), 'toolloop-profile-'));

for (const shape of ['batched', 'per-event'] as const) {
  const sim = await startSimulatorProcess([
    '--chunk-chars',
    '1',
    ...(shape === 'per-event' ? ['--event-per-write'] : []),
  ]);
  const script = (n: number) =>
    sim.control(
      'script',
      Array.from({ length: n }, () => ({ text })),
    );
  console.log(
    `\n${deltas.toLocaleString('en')} deltas × ${streams} streams, ${shape === 'batched' ? 'many events per network write' : 'one event per network write'}: µs of CPU per delta (self time)`,
  );
  console.log(
    `JSON.parse of one chunk event alone: ${(await jsonParseMicros(sim.url, script)).toFixed(2)} µs`,
  );
  for (const name of clients) {
    const peer = await startPeer(name, sim.url);
    try {
      for (let i = 0; i < 2; i++) {
        await script(1);
        await peer.round({ workload: 'stream', runs: 1, concurrency: 1, expected: text });
      }
      await script(streams);
      const file = join(folder, `${name}-${shape}.cpuprofile`);
      const report = await peer.round({
        workload: 'stream',
        runs: streams,
        concurrency: 1,
        expected: text,
        profile: file,
      });
      const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
      const events = deltas * streams;
      const times = layerTimes(profile).filter((t) => t.layer !== 'idle');
      const busy = times.reduce((sum, t) => sum + t.micros, 0);
      const shown = times.filter((t) => t.micros / busy >= 0.01);
      const rest = busy - shown.reduce((sum, t) => sum + t.micros, 0);
      const row = (label: string, micros: number) =>
        `    ${label.padEnd(48)} ${(micros / events).toFixed(2).padStart(6)} µs  ${((micros / busy) * 100).toFixed(0).padStart(3)}%`;
      console.log(
        `  ${name}: ${(report.cpuMicros / events).toFixed(2)} µs CPU per delta (process.cpuUsage, profiler on), ${(busy / events).toFixed(2)} µs sampled`,
      );
      for (const t of shown) console.log(row(t.layer, t.micros));
      if (rest > 0) console.log(row('other (each < 1%)', rest));
    } finally {
      await peer.close();
    }
  }
  await sim.close();
}
await rm(folder, { recursive: true, force: true });

/** Median µs of JSON.parse over the data of one real stream's events. */
async function jsonParseMicros(url: string, script: (n: number) => Promise<void>): Promise<number> {
  await script(1);
  const response = await fetch(`${url}/chat/completions`, {
    method: 'POST',
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'go' }], stream: true }),
  });
  const data = (await response.text())
    .split('\n\n')
    .filter((e) => e.startsWith('data: {'))
    .map((e) => e.slice(6));
  const runs: number[] = [];
  let sink = 0;
  for (let i = 0; i < 7; i++) {
    const started = performance.now();
    for (const d of data) sink += (JSON.parse(d) as { created: number }).created & 1;
    runs.push(((performance.now() - started) * 1000) / data.length);
  }
  if (sink < 0) console.log(sink);
  return median(runs.slice(2));
}
