import type { ClientName } from '../clients/index.js';
import { alternate, median, startSimulatorProcess } from '../simulator-process.js';
import { type PeerProcess, startPeer } from './peer-process.js';
import type { RoundReport, Workload } from './protocol.js';

/** One client's figures in one peer benchmark (medians over the measured rounds). */
export interface ClientFigures {
  /** Median wall ms of one round. */
  roundMs: number;
  /** Median client CPU µs of one round. */
  roundCpuMicros: number;
  /** Wall and client CPU over the raw client's, from the medians. */
  wallRatio: number;
  cpuRatio: number;
  /** The child's peak resident set over its whole life (start, warm-up, rounds), bytes. */
  maxRssBytes: number;
  /** Simulator CPU over this client's wall time. */
  simulatorCpuShare: number;
  /** Every measured round, for ranges. */
  roundsMs: number[];
  roundsCpuMicros: number[];
  /** Network reads per stream as the raw reader saw them. */
  readsPerStream?: number;
}

/** A peer benchmark's result: every client against the same simulator process in the same run. */
export interface PeerResult {
  /** Stable id of the scenario (`tool-loop-1`, `stream-batched`, …), for tables across runs. */
  key: string;
  name: string;
  /** What one round is made of: tool-loop runs or stream deltas, and how many. */
  unit: 'run' | 'delta';
  unitsPerRound: number;
  workload: Workload;
  runsPerRound: number;
  concurrency: number;
  rounds: number;
  clients: Partial<Record<ClientName, ClientFigures>>;
}

/**
 * Runs `clients` (raw first; the ratios are over it), each in its own fresh child process, in
 * alternating rounds against one simulator process started with `simulatorArgs`.
 */
export async function runPeers(options: {
  key: string;
  name: string;
  unit: 'run' | 'delta';
  unitsPerRound: number;
  workload: Workload;
  clients: ClientName[];
  simulatorArgs?: string[];
  runsPerRound: number;
  concurrency: number;
  rounds: number;
  warmupRounds?: number;
  /** The text each run must produce; scripted into the simulator before every round (streams). */
  scriptedText?: string;
}): Promise<PeerResult> {
  if (options.clients[0] !== 'raw') throw new Error('runPeers: the first client must be raw (the baseline)');
  const sim = await startSimulatorProcess(options.simulatorArgs);
  const peers: PeerProcess[] = [];
  try {
    // One at a time: each child's start-up has the machine to itself.
    for (const name of options.clients) peers.push(await startPeer(name, sim.url));
    const last = new Map<ClientName, RoundReport>();
    const samples = new Map<ClientName, string>();
    const text = options.scriptedText;
    const sides = Object.fromEntries(
      peers.map((peer) => [
        peer.name,
        async () => {
          const report = await peer.round({
            workload: options.workload,
            runs: options.runsPerRound,
            concurrency: options.concurrency,
            ...(text === undefined ? {} : { expected: text }),
          });
          last.set(peer.name, report);
          if (!samples.has(peer.name)) samples.set(peer.name, report.sample);
          return { wallMs: report.wallMs, cpuMicros: report.cpuMicros };
        },
      ]),
    ) as Record<ClientName, () => Promise<{ wallMs: number; cpuMicros: number }>>;
    const measured = await alternate({
      sim,
      rounds: options.rounds,
      warmupRounds: options.warmupRounds ?? 1,
      sides,
      ...(text === undefined
        ? {}
        : {
            prepare: () =>
              sim.control(
                'script',
                Array.from({ length: options.runsPerRound }, () => ({ text })),
              ),
          }),
    });
    // Same answers from every client, or the comparison means nothing.
    const rawSample = samples.get('raw');
    for (const [name, sample] of samples) {
      if (sample !== rawSample)
        throw new Error(
          `${options.name}: ${name} answered differently from raw: ${sample.slice(0, 80)} vs ${rawSample?.slice(0, 80)}`,
        );
    }
    const raw = measured.raw;
    const rawWall = median(raw.wallMs);
    const rawCpu = median(raw.cpuMicros);
    const clients: PeerResult['clients'] = {};
    for (const peer of peers) {
      const side = measured[peer.name];
      const report = last.get(peer.name)!;
      clients[peer.name] = {
        roundMs: median(side.wallMs),
        roundCpuMicros: median(side.cpuMicros),
        wallRatio: median(side.wallMs) / rawWall,
        cpuRatio: median(side.cpuMicros) / rawCpu,
        maxRssBytes: report.maxRssBytes,
        simulatorCpuShare: side.simulatorCpuShare,
        roundsMs: side.wallMs,
        roundsCpuMicros: side.cpuMicros,
        ...(report.reads === undefined ? {} : { readsPerStream: report.reads }),
      };
    }
    return {
      key: options.key,
      name: options.name,
      unit: options.unit,
      unitsPerRound: options.unitsPerRound,
      workload: options.workload,
      runsPerRound: options.runsPerRound,
      concurrency: options.concurrency,
      rounds: options.rounds,
      clients,
    };
  } finally {
    await Promise.all(peers.map((peer) => peer.close()));
    await sim.close();
  }
}
