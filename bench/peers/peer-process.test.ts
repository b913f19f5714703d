// Each peer client, in its own child process, does a tiny workload and reports a well-formed
// round. No timing is asserted: the figures belong to `pnpm bench`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientNames } from '../clients/index.js';
import { type SimulatorProcess, startSimulatorProcess } from '../simulator-process.js';
import { type PeerProcess, startPeer } from './peer-process.js';
import { runPeers } from './run-peers.js';

const text = 'abcdefghij'.repeat(5);

describe('peer clients', () => {
  let sim: SimulatorProcess;
  let raw: PeerProcess;
  beforeAll(async () => {
    sim = await startSimulatorProcess(['--chunk-chars', '1', '--event-per-write']);
    raw = await startPeer('raw', sim.url);
  });
  afterAll(async () => {
    await raw.close();
    await sim.close();
  });

  it.each(clientNames)(
    '%s answers the same as raw and reports wall, CPU and peak RSS',
    async (name) => {
      const peer = name === 'raw' ? raw : await startPeer(name, sim.url);
      try {
        const workloads =
          name === 'toolloop-model' ? (['stream'] as const) : (['tool-loop', 'stream'] as const);
        for (const workload of workloads) {
          const expected = workload === 'stream' ? text : undefined;
          const round = async (p: typeof peer) => {
            if (expected) await sim.control('script', [{ text: expected }, { text: expected }]);
            return p.round({ workload, runs: 2, concurrency: 2, ...(expected ? { expected } : {}) });
          };
          const baseline = await round(raw);
          const report = await round(peer);
          expect(report.client).toBe(name);
          expect(report.sample).toBe(baseline.sample);
          expect(report.sample.length).toBeGreaterThan(0);
          expect(report.wallMs).toBeGreaterThan(0);
          expect(report.cpuMicros).toBeGreaterThan(0);
          expect(report.maxRssBytes).toBeGreaterThan(10 * 2 ** 20);
          if (workload === 'stream' && name === 'raw') expect(report.reads).toBeGreaterThan(0);
        }
      } finally {
        if (peer !== raw) await peer.close();
      }
    },
    60_000,
  );

  it('rejects a round when a client answers differently from what was scripted', async () => {
    await sim.control('script', [{ text: 'something else' }]);
    await expect(raw.round({ workload: 'stream', runs: 1, concurrency: 1, expected: text })).rejects.toThrow(
      /answered 14 chars, expected 50/,
    );
  });
});

describe('runPeers', () => {
  it('alternates rounds and reports ratios over raw for every client', async () => {
    const result = await runPeers({
      key: 'tool-loop-2',
      name: 'tiny tool loop',
      unit: 'run',
      unitsPerRound: 3,
      workload: 'tool-loop',
      clients: ['raw', 'toolloop'],
      runsPerRound: 3,
      concurrency: 2,
      rounds: 2,
      warmupRounds: 0,
    });
    expect(Object.keys(result.clients)).toEqual(['raw', 'toolloop']);
    expect(result.clients.raw!.wallRatio).toBe(1);
    expect(result.clients.raw!.cpuRatio).toBe(1);
    for (const figures of Object.values(result.clients)) {
      expect(figures.roundsMs).toHaveLength(2);
      expect(figures.roundsCpuMicros).toHaveLength(2);
      expect(Number.isFinite(figures.wallRatio) && figures.wallRatio > 0).toBe(true);
      expect(Number.isFinite(figures.cpuRatio) && figures.cpuRatio > 0).toBe(true);
      expect(figures.simulatorCpuShare).toBeGreaterThan(0);
    }
  }, 60_000);

  it('refuses a client list that does not start with raw (the baseline)', async () => {
    await expect(
      runPeers({
        key: 'x',
        name: 'x',
        unit: 'run',
        unitsPerRound: 1,
        workload: 'tool-loop',
        clients: ['toolloop'],
        runsPerRound: 1,
        concurrency: 1,
        rounds: 1,
      }),
    ).rejects.toThrow(/first client must be raw/);
  });
});
