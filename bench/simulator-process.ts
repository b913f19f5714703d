import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'packages', 'simulator', 'src', 'cli.ts');

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
    ['--conditions=@toolloop/source', '--import', 'tsx', cli, '--port', '0', '--no-record', ...args],
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

export interface AlternateResult {
  /** Median wall ms per measured round, baseline and toolloop. */
  rawMs: number;
  oursMs: number;
  /** Median client CPU µs per measured round. */
  rawCpu: number;
  oursCpu: number;
  /** Fraction of the measured wall time the simulator process was busy. */
  simulatorCpuShare: number;
}

/**
 * Measures the baseline and toolloop in alternating rounds, in this one process, so machine
 * drift hits both alike: wall time, this process's CPU, and the simulator's CPU. `prepare` runs
 * untimed before each measurement; the first `warmupRounds` are not counted.
 */
export async function alternate(options: {
  sim: SimulatorProcess;
  rounds: number;
  warmupRounds?: number;
  raw: () => Promise<unknown>;
  ours: () => Promise<unknown>;
  prepare?: () => Promise<void>;
}): Promise<AlternateResult> {
  const wall = { raw: [] as number[], ours: [] as number[] };
  const cpu = { raw: [] as number[], ours: [] as number[] };
  let simCpu = 0;
  let measuredWall = 0;
  const warmup = options.warmupRounds ?? 0;
  for (let round = 0; round < warmup + options.rounds; round++) {
    for (const side of ['raw', 'ours'] as const) {
      await options.prepare?.();
      const simBefore = await options.sim.cpuMicros();
      const clientBefore = process.cpuUsage();
      const started = performance.now();
      await options[side]();
      const elapsed = performance.now() - started;
      const client = process.cpuUsage(clientBefore);
      if (round < warmup) continue;
      simCpu += (await options.sim.cpuMicros()) - simBefore;
      measuredWall += elapsed;
      wall[side].push(elapsed);
      cpu[side].push(client.user + client.system);
    }
  }
  return {
    rawMs: median(wall.raw),
    oursMs: median(wall.ours),
    rawCpu: median(cpu.raw),
    oursCpu: median(cpu.ours),
    simulatorCpuShare: simCpu / 1000 / measuredWall,
  };
}
