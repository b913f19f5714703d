import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/package-sources.js';

// Every ```ts block of the README, docs/, docs/ko/ and each package README is typechecked against
// the packages' sources (issue 10 §7), so the docs cannot drift from the code. A block is one
// module: it imports what it uses. Write ```text (or another language) for what is not TypeScript.
interface Snippet {
  /** Where the block starts, for the failure message: `docs/streaming.md:42`. */
  where: string;
  code: string;
}

function markdownFiles(): string[] {
  const docs = join(repoRoot, 'docs');
  const inDocs = (dir: string) =>
    readdirSync(dir)
      .filter((name) => name.endsWith('.md'))
      .map((name) => join(dir, name));
  const packageReadmes = readdirSync(join(repoRoot, 'packages'))
    .map((name) => join(repoRoot, 'packages', name, 'README.md'))
    .filter((path) => existsSync(path));
  return [join(repoRoot, 'README.md'), ...inDocs(docs), ...inDocs(join(docs, 'ko')), ...packageReadmes];
}

function snippets(file: string): Snippet[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const found: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i]!)) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end]!)) end++;
    found.push({
      where: `${relative(repoRoot, file)}:${start + 1}`,
      code: lines.slice(start, end).join('\n'),
    });
    i = end;
  }
  return found;
}

/** `@toolloop/x[/sub]` → the package's source entry, as the `@toolloop/source` export condition says. */
function toolloopPaths(): Record<string, string[]> {
  const paths: Record<string, string[]> = {};
  for (const dir of readdirSync(join(repoRoot, 'packages'))) {
    const manifestPath = join(repoRoot, 'packages', dir, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      name: string;
      exports?: Record<string, Record<string, string>>;
    };
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      const source = target?.['@toolloop/source'];
      if (source) paths[join(manifest.name, subpath)] = [join('packages', dir, source)];
    }
  }
  return paths;
}

/** A third-party package as installed for some workspace package (pnpm does not hoist them to the root). */
function installedCopy(name: string): string | undefined {
  const roots = [
    '',
    ...readdirSync(join(repoRoot, 'packages')).map((dir) => join('packages', dir)),
    ...readdirSync(join(repoRoot, 'examples')).map((dir) => join('examples', dir)),
    'bench',
  ];
  const dir = roots
    .map((root) => join(root, 'node_modules', name))
    .find((path) => existsSync(join(repoRoot, path)));
  if (!dir) return undefined;
  // Its type declarations, as its manifest names them.
  const manifest = JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8')) as {
    types?: string;
    typings?: string;
    exports?: { '.'?: { types?: string; import?: { types?: string } } };
  };
  const dot = manifest.exports?.['.'];
  const types = dot?.import?.types ?? dot?.types ?? manifest.types ?? manifest.typings ?? 'index.d.ts';
  return join(dir, types);
}

describe('documentation', () => {
  const all = markdownFiles().flatMap(snippets);

  it('has TypeScript snippets to check', () => {
    expect(all.length).toBeGreaterThan(20);
  });

  it('typechecks every TypeScript snippet against the current sources', { timeout: 120_000 }, () => {
    const dir = join(repoRoot, '.doc-snippets');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const files = all.map((snippet, index) => {
      const name = `snippet-${index}.ts`;
      // `export {}` makes each block a module: top-level await works and names never clash.
      writeFileSync(join(dir, name), `${snippet.code}\nexport {};\n`);
      return { name, snippet };
    });
    const bare = new Set(
      all.flatMap(({ code }) =>
        [...code.matchAll(/from '([^'.@][^']*|@(?!toolloop)[^']*)'/g)].map((m) => m[1]!),
      ),
    );
    const paths = toolloopPaths();
    for (const name of bare) {
      const copy = installedCopy(name);
      if (copy) paths[name] = [copy];
    }
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: '../tsconfig.base.json',
        compilerOptions: {
          noEmit: true,
          baseUrl: '..',
          paths,
          customConditions: ['@toolloop/source'],
          typeRoots: ['../node_modules/@types'],
          // Snippets show usage; an unused import or variable in one is not a mistake.
          noUnusedLocals: false,
        },
        include: ['./*.ts'],
      }),
    );
    const tsc = spawnSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', dir], {
      encoding: 'utf8',
    });
    const errors = tsc.stdout
      .split('\n')
      .filter((line) => /error TS\d+/.test(line))
      .map((line) => {
        const match = /snippet-(\d+)\.ts\((\d+),\d+\): (.*)$/.exec(line);
        if (!match) return line;
        const { snippet } = files[Number(match[1])]!;
        const [file, start] = snippet.where.split(':');
        return `${file}:${Number(start) + Number(match[2]) - 1}: ${match[3]}`;
      });
    rmSync(dir, { recursive: true, force: true });
    expect(errors).toEqual([]);
  });
});
