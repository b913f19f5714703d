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
