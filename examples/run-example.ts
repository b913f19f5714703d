import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const examplesDir = dirname(fileURLToPath(import.meta.url));

export interface ExampleRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `examples/<name>/main.ts` the way a user does, offline: a fresh Node process with the
 * source condition and tsx, and no OPENAI_* variables, so the built-in simulator answers.
 */
export function runExample(
  name: string,
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<ExampleRun> {
  const cleanEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('OPENAI_')) cleanEnv[key] = value;
  }
  const child = spawn(
    process.execPath,
    ['--conditions=@toolloop/source', '--import', 'tsx', 'main.ts', ...args],
    {
      cwd: join(examplesDir, name),
      env: { ...cleanEnv, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
