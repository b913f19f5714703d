import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * True when the bench runs from its TypeScript source (tests, `tsx`); `pnpm bench` runs the built
 * `bench/dist` on plain node, and every child (simulator, peers) then runs built code too.
 */
export const fromSource = import.meta.url.endsWith('.ts');

/** Node flags for a child that runs TypeScript source: none when running built code. */
export const sourceExecArgv = fromSource ? ['--conditions=@toolloop/source', '--import', 'tsx'] : [];

const simulatorRoot = dirname(createRequire(import.meta.url).resolve('@toolloop/simulator/package.json'));
const cli = join(simulatorRoot, fromSource ? 'src/cli.ts' : 'dist/cli.js');

export interface SimulatorProcess {
  url: string;
  /** POSTs to the simulator's control API (script, faults, reset). */
  control(path: string, body: unknown): Promise<void>;
  /** The simulator process's own CPU time so far, in microseconds. */
  cpuMicros(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The simulator in its own process, so its CPU never competes with the client's measurement on
 * the event loop; its CPU share is reported beside each result.
 */
export async function startSimulatorProcess(args: string[] = []): Promise<SimulatorProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    // --no-record: a benchmark's hundreds of thousands of request bodies must not pile up in memory.
    [...sourceExecArgv, cli, '--port', '0', '--no-record', ...args],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`simulator exited early (${code})`)));
  });
  const origin = new URL(url).origin;
  return {
    url,
    async control(path, body) {
      const response = await fetch(`${origin}/_simulator/${path}`, {
        method: 'POST',
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`simulator control ${path}: ${response.status}`);
    },
    async cpuMicros() {
      const stats = (await (await fetch(`${origin}/_simulator/stats`)).json()) as {
        cpuUserMicros: number;
        cpuSystemMicros: number;
      };
      return stats.cpuUserMicros + stats.cpuSystemMicros;
    },
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Runs `task` `count` times with at most `concurrency` in flight. */
export async function pool(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** What one side's round cost, as the side measured it (a child process measures itself). */
export interface RoundCost {
  wallMs: number;
  cpuMicros: number;
}

/** Every measured round of one side, and the simulator's busy share while that side ran. */
export interface SideRounds {
  wallMs: number[];
  cpuMicros: number[];
  /** Simulator CPU time over this side's measured wall time. */
  simulatorCpuShare: number;
}

/**
 * Measures the sides in alternating rounds, so machine drift hits all alike; each round starts at
 * the next side in turn, so none always goes first. `prepare` runs untimed before each
 * measurement; the first `warmupRounds` are not counted. The simulator's CPU is read around each
 * measurement (it runs in its own process).
 */
export async function alternate<Side extends string>(options: {
  sim: SimulatorProcess;
  rounds: number;
  warmupRounds?: number;
  sides: Record<Side, () => Promise<RoundCost>>;
  prepare?: () => Promise<void>;
}): Promise<Record<Side, SideRounds>> {
  const names = Object.keys(options.sides) as Side[];
  const result = {} as Record<Side, SideRounds & { simMicros: number }>;
  for (const name of names) result[name] = { wallMs: [], cpuMicros: [], simulatorCpuShare: 0, simMicros: 0 };
  const warmup = options.warmupRounds ?? 0;
  for (let round = 0; round < warmup + options.rounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length]!;
      await options.prepare?.();
      const simBefore = await options.sim.cpuMicros();
      const cost = await options.sides[name]();
      const simMicros = (await options.sim.cpuMicros()) - simBefore;
      if (round < warmup) continue;
      const side = result[name];
      side.wallMs.push(cost.wallMs);
      side.cpuMicros.push(cost.cpuMicros);
      side.simMicros += simMicros;
    }
  }
  for (const name of names) {
    const { simMicros, ...side } = result[name];
    const wall = side.wallMs.reduce((a, b) => a + b, 0);
    result[name] = { ...side, simulatorCpuShare: simMicros / 1000 / wall, simMicros };
  }
  return result;
}
