import { describe, expect, it } from 'vitest';
import type { ColdStartFigures, ColdStartStack } from './cold-start.js';
import { peerTable } from './peer-table.js';
import type { ClientFigures, PeerResult } from './peers/run-peers.js';

function figures(wallRatio: number, cpuRatio: number, maxRssMb = 100): ClientFigures {
  return {
    roundMs: 100 * wallRatio,
    roundCpuMicros: 80_000 * cpuRatio,
    wallRatio,
    cpuRatio,
    maxRssBytes: maxRssMb * 2 ** 20,
    simulatorCpuShare: 0.5,
    roundsMs: [100 * wallRatio],
    roundsCpuMicros: [80_000 * cpuRatio],
  };
}

function loop(concurrency: number, toolloop: ClientFigures, raw = figures(1, 1)): PeerResult {
  return {
    key: `tool-loop-${concurrency}`,
    name: `tool loop ${concurrency}`,
    unit: 'run',
    unitsPerRound: 100,
    workload: 'tool-loop',
    runsPerRound: 100,
    concurrency,
    rounds: 1,
    clients: { raw, toolloop, 'ai-sdk': figures(6, 7, 160) },
  };
}

function cold(overBare: Partial<Record<ColdStartStack, number>>): Record<ColdStartStack, ColdStartFigures> {
  const stacks: ColdStartStack[] = ['bare node', 'undici + zod', 'toolloop', 'openai-node', 'AI SDK'];
  return Object.fromEntries(
    stacks.map((s) => {
      const over = overBare[s] ?? 0;
      return [
        s,
        {
          importedMs: 40 + over,
          processMs: 60 + over,
          cpuMs: 40 + over,
          overBareMs: over,
          samplesMs: [40 + over],
        },
      ];
    }),
  ) as Record<ColdStartStack, ColdStartFigures>;
}

describe('peerTable', () => {
  const table = peerTable({
    runs: [
      [loop(1, figures(1.04, 1.1)), loop(64, figures(1.2, 1.3, 110))],
      [loop(1, figures(1.08, 1.2)), loop(64, figures(1.3, 1.3, 120))],
    ],
    coldStart: cold({ 'undici + zod': 200, toolloop: 240 }),
  });

  it('shows ranges over runs and marks each target met, not met or mixed', () => {
    expect(table).toContain('| tool loop 1 | 1.00 ms/run (CPU 0.80) | 1.04–1.08× (CPU 1.10–1.20×) |');
    expect(table).toContain('wall ≤ 1.05×: **mixed**');
    expect(table).toContain('wall ≤ 1.15×: **not met**');
    expect(table).toContain(
      '| peak RSS, tool loop 64 | 100 MB | +10–20 MB | — | — | — | +60 MB | ≤ raw + 15 MB: **mixed** |',
    );
  });

  it('judges cold start against undici + zod + 25 ms', () => {
    expect(table).toContain('undici + zod +200 ms | +240 ms |');
    expect(table).toContain('cold import: ≤ undici + zod + 25 ms (225 ms over bare) — not met');
  });

  it('says when its figures come from a quick run, and only then', () => {
    expect(table).not.toContain('QUICK MODE');
    const quick = peerTable({ runs: [[loop(1, figures(1, 1))]], coldStart: cold({}), quick: true });
    expect(quick).toContain('QUICK MODE (smaller rounds): sanity figures, not results');
  });

  it('leaves the target cell of a scenario without a target empty', () => {
    const other: PeerResult = { ...loop(1, figures(1, 1)), key: 'stream-per-event', name: 'per event' };
    expect(peerTable({ runs: [[other]], coldStart: cold({}) })).toContain('| — (no target) |');
  });
});
