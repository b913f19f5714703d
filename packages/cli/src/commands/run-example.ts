import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidOptionError } from '@toolloop/core';
import { findRepoRoot } from './find-repo-root.js';

export interface RunExampleOptions {
  name: string;
  args: string[];
  cwd: string;
}

/** Lists the runnable examples of a toolloop checkout. */
export function listExamples(root: string): string[] {
  return readdirSync(join(root, 'examples'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, 'examples', entry.name, 'main.ts')))
    .map((entry) => entry.name)
    .sort();
}

/**
 * Runs `examples/<name>/main.ts` of the toolloop checkout around `cwd`, in a child Node process
 * (with tsx, from the workspace's own TypeScript sources). Resolves with its exit code.
 */
export function runExample({ name, args, cwd }: RunExampleOptions): Promise<number> {
  const root = findRepoRoot(cwd);
  if (!root) {
    throw new InvalidOptionError({
      option: 'cwd',
      message:
        'toolloop run: no toolloop checkout found here or above. Run it inside a clone of the toolloop repository (the examples live in its examples/ folder).',
    });
  }
  const examples = listExamples(root);
  if (!examples.includes(name)) {
    throw new InvalidOptionError({
      option: 'name',
      message: `toolloop run: no example named "${name}". Available: ${examples.join(', ')}.`,
    });
  }
  const child = spawn(
    process.execPath,
    ['--conditions=@toolloop/source', '--import', 'tsx', 'main.ts', ...args],
    {
      cwd: join(root, 'examples', name),
      stdio: 'inherit',
    },
  );
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
