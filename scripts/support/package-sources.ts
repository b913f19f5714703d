import { readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Test-only files: tests, test helpers and fixtures, which may do what shipped code must not. */
const testOnly = /\.test\.ts$|\.d\.ts$|(^|\/)test-utils\.ts$|(^|\/)__fixtures__\/|(^|\/)test-support\//;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : walk(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Every shipped TypeScript source of every package (`packages/<name>/src`, tests and test helpers left out). */
export function packageSources(): string[] {
  const packages = join(repoRoot, 'packages');
  return readdirSync(packages).flatMap((name) => {
    const src = join(packages, name, 'src');
    try {
      return walk(src).filter((file) => !testOnly.test(file.slice(src.length + 1)));
    } catch {
      return []; // a package without src/
    }
  });
}
