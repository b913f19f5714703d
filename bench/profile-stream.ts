// Where a streamed event's CPU goes, layer by layer. Each client reads streams in its own child
// process with V8's sampling profiler on for the measured round only (the same as `node
// --cpu-prof`, scoped to the round), and the self time is split into layers (profile-layers.ts).
// Prints one markdown table: µs of CPU per stream event, per layer, per client and server shape.
// Run from the sources so files name layers:
//   pnpm --filter @toolloop/bench profile [--deltas 20000] [--streams 5] [--clients raw,toolloop-model,toolloop,toolloop-middleware]
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type ClientName, clientNames } from './clients/index.js';
import { startPeer } from './peers/peer-process.js';
import { type CpuProfile, idleLayer, layerShares, layers } from './profile-layers.js';
import { fromSource, startSimulatorProcess } from './simulator-process.js';
import { type StreamShape, streamShapes } from './streaming.js';

const { values } = parseArgs({
  options: {
    deltas: { type: 'string', default: '20000' },
    streams: { type: 'string', default: '5' },
    clients: { type: 'string', default: 'raw,toolloop-model,toolloop,toolloop-middleware' },
    quick: { type: 'boolean', default: false },
  },
});
const quick = values.quick || process.env.BENCH_QUICK === '1';
const deltas = quick ? 20_000 : Number(values.deltas);
const streams = quick ? 2 : Number(values.streams);
const clients = values.clients.split(',') as ClientName[];
for (const name of clients) {
  if (!clientNames.includes(name))
    throw new Error(`--clients: unknown client ${name}; known: ${clientNames.join(', ')}`);
}
if (!(deltas > 0 && streams > 0)) throw new Error('--deltas and --streams must be positive numbers');
if (!fromSource) {
  throw new Error(
    'profile-stream runs from the TypeScript sources (files name the layers): use `pnpm --filter @toolloop/bench profile`.',
  );
}

const text = 'abcdefghij'.repeat(Math.ceil(deltas / 10)).slice(0, deltas);
const folder = await mkdtemp(join(tmpdir(), 'toolloop-profile-'));
const shapes: StreamShape[] = ['batched', 'per-event'];
/** µs per event by column (client × shape), by layer. */
const columns: Array<{ title: string; perEvent: Map<string, number>; cpuPerEvent: number }> = [];

try {
  for (const shape of shapes) {
    const sim = await startSimulatorProcess(['--chunk-chars', '1', ...streamShapes[shape].args]);
    const script = (n: number) =>
      sim.control(
        'script',
        Array.from({ length: n }, () => ({ text })),
      );
    try {
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
          const cpuPerEvent = report.cpuMicros / events;
          const perEvent = new Map(
            [...layerShares(profile)].map(([layer, share]) => [layer, share * cpuPerEvent]),
          );
          columns.push({ title: `${name}, ${streamShapes[shape].short}`, perEvent, cpuPerEvent });
          process.stderr.write(`profiled ${name}, ${shape}\n`);
        } finally {
          await peer.close();
        }
      }
    } finally {
      await sim.close();
    }
  }
} finally {
  await rm(folder, { recursive: true, force: true });
}

// Rows: the known layers in order, then anything else that reached 0.05 µs somewhere, the rest as one row.
const shown = (layer: string) => columns.some((c) => (c.perEvent.get(layer) ?? 0) >= 0.05);
const known = layers.map((l) => l.layer).filter((l) => l !== idleLayer && shown(l));
const others = [...new Set(columns.flatMap((c) => [...c.perEvent.keys()]))].filter(
  (l) => l.startsWith('other: ') && shown(l),
);
const rows = [...known, ...others];
const cell = (v: number) => (Math.abs(v) < 0.005 ? 0 : v).toFixed(2);
const lines = [
  `µs of CPU per stream event (one 1-character delta), split by layer in proportion to V8 profiler samples (self time); ${deltas.toLocaleString('en')} deltas × ${streams} streams per column; Node ${process.version}.`,
  '',
  `| layer | ${columns.map((c) => c.title).join(' | ')} |`,
  `| --- | ${columns.map(() => '---:').join(' | ')} |`,
  ...rows.map(
    (layer) => `| ${layer} | ${columns.map((c) => cell(c.perEvent.get(layer) ?? 0)).join(' | ')} |`,
  ),
  `| other (each < 0.05 µs) | ${columns
    .map((c) => cell(c.cpuPerEvent - rows.reduce((sum, l) => sum + (c.perEvent.get(l) ?? 0), 0)))
    .join(' | ')} |`,
  `| **total: process CPU per event (profiler on)** | ${columns.map((c) => `**${cell(c.cpuPerEvent)}**`).join(' | ')} |`,
];
console.log(lines.join('\n'));
