// Installed size of each stack: node_modules after a fresh `npm install` into an empty folder, from
// the registry for the peers (at the versions the benchmarks ran) and from `pnpm pack` tarballs
// for toolloop (its packages are not published), with what its Quick start needs beside them.
import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { benchRoot } from './cold-start.js';

const run = promisify(execFile);

/** One stack's node_modules after a fresh install. */
export interface InstalledSize {
  /** Sum of file sizes (apparent bytes, as `du -sb`). */
  bytes: number;
  /** Packages in node_modules (scoped ones counted each). */
  packages: number;
  /** What was installed. */
  installed: string[];
}

/** The stacks measured, by name. */
export type SizeStack = 'undici + zod' | 'toolloop' | 'openai-node' | 'AI SDK';

// The bench's own dependencies, as pnpm links them (some packages do not export ./package.json).
const folderOf = (name: string) => realpathSync(join(benchRoot, 'node_modules', name));

async function versionOf(name: string): Promise<string> {
  const json = JSON.parse(await readFile(join(folderOf(name), 'package.json'), 'utf8')) as {
    version: string;
  };
  return `${name}@${json.version}`;
}

/** Measures every stack; each install goes into its own temporary folder, removed afterwards. */
export async function benchInstalledSize(): Promise<Record<SizeStack, InstalledSize>> {
  const zod = await versionOf('zod');
  const tarballs = await mkdtemp(join(tmpdir(), 'toolloop-pack-'));
  try {
    const packed: string[] = [];
    for (const name of ['@toolloop/core', '@toolloop/openai', '@toolloop/tools']) {
      const { stdout } = await run('pnpm', ['pack', '--pack-destination', tarballs], { cwd: folderOf(name) });
      const file = stdout.trim().split('\n').at(-1)!.trim();
      packed.push(file.startsWith('/') ? file : join(tarballs, file));
    }
    return {
      'undici + zod': await installInto([await versionOf('undici'), zod]),
      toolloop: await installInto([...packed, zod]),
      'openai-node': await installInto([await versionOf('openai')]),
      'AI SDK': await installInto([await versionOf('ai'), await versionOf('@ai-sdk/openai'), zod]),
    };
  } finally {
    await rm(tarballs, { recursive: true, force: true });
  }
}

async function installInto(specs: string[]): Promise<InstalledSize> {
  const folder = await mkdtemp(join(tmpdir(), 'toolloop-size-'));
  try {
    await writeFile(join(folder, 'package.json'), '{ "name": "size-probe", "private": true }\n');
    await run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', ...specs],
      {
        cwd: folder,
      },
    );
    const modules = join(folder, 'node_modules');
    return {
      ...(await measure(modules)),
      installed: specs.map((s) => (s.startsWith('/') ? basename(s) : s)),
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

async function measure(modules: string): Promise<{ bytes: number; packages: number }> {
  let bytes = 0;
  let packages = 0;
  for (const entry of await readdir(modules, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const folder = entry.parentPath;
    bytes += (await stat(join(folder, entry.name))).size;
    // A package: node_modules/<name>/package.json or node_modules/@scope/<name>/package.json.
    const parent = basename(dirname(folder));
    const scoped = parent.startsWith('@') && basename(dirname(dirname(folder))) === 'node_modules';
    if (entry.name === 'package.json' && (parent === 'node_modules' || scoped)) packages++;
  }
  return { bytes, packages };
}
