import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const child = join(dirname(fileURLToPath(import.meta.url)), '../__fixtures__/worker-child.ts');

/** A worker child process of the tests, resolved once it printed "ready". */
export interface WorkerProcess {
  process: ChildProcess;
  pid: number;
  /** Resolves with the exit code or signal when the process ends. */
  exited: Promise<number | string | null>;
  stderr(): string;
}

export async function startWorkerProcess(options: {
  redisUrl: string;
  name: string;
  simUrl: string;
  keyPrefix: string;
  concurrency: number;
  lockDurationMs?: number;
}): Promise<WorkerProcess> {
  const proc = spawn(
    process.execPath,
    [
      '--conditions=@toolloop/source',
      '--import',
      'tsx',
      child,
      options.redisUrl,
      options.name,
      options.simUrl,
      options.keyPrefix,
      String(options.concurrency),
      String(options.lockDurationMs ?? 2000),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  proc.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | string | null>((resolve) =>
    proc.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    proc.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('ready\n')) resolve();
    });
    void exited.then((how) =>
      reject(new Error(`worker child exited (${how}) before it was ready:\n${stderr}`)),
    );
  });
  return { process: proc, pid: proc.pid as number, exited, stderr: () => stderr };
}

/** Polls `probe` until it returns a value (explicit synchronisation with another process). */
export async function waitFor<T>(
  probe: () => Promise<T | null | undefined>,
  what: string,
  limitMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== null && value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`Timed out waiting for ${what}.`);
}
