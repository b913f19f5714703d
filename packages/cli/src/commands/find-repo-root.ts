import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The toolloop repository that holds `examples/`, searching upward from `start`. */
export function findRepoRoot(start: string): string | undefined {
  let dir = resolve(start);
  while (true) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml')) && existsSync(join(dir, 'examples'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
