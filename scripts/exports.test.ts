import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/package-sources.js';

// The public surface of every entry of every package — values and types — written to a snapshot
// beside the package (`src/__snapshots__/exports.txt`), so any change of what users can import
// shows up in review (issue 10 §3). Update on purpose with `npx vitest run scripts/exports.test.ts -u`.
interface Entry {
  packageDir: string;
  subpath: string;
  file: string;
}

function entries(): Entry[] {
  const packages = join(repoRoot, 'packages');
  return readdirSync(packages).flatMap((dir) => {
    let manifest: { private?: boolean; exports?: Record<string, unknown> };
    try {
      manifest = JSON.parse(readFileSync(join(packages, dir, 'package.json'), 'utf8'));
    } catch {
      return [];
    }
    return Object.entries(manifest.exports ?? {}).flatMap(([subpath, target]) => {
      const source = (target as Record<string, string> | string)?.['@toolloop/source' as never] as
        | string
        | undefined;
      return source ? [{ packageDir: join(packages, dir), subpath, file: join(packages, dir, source) }] : [];
    });
  });
}

const all = entries();
const program = ts.createProgram(
  all.map((entry) => entry.file),
  {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    customConditions: ['@toolloop/source'],
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  },
);
const checker = program.getTypeChecker();

/** `kind name` per exported symbol, sorted: `class APICallError`, `type Usage`, `function retry`… */
function surface(file: string): string[] {
  const source = program.getSourceFile(file);
  const symbol = source && checker.getSymbolAtLocation(source);
  if (!symbol) return [];
  return checker
    .getExportsOfModule(symbol)
    .map((exported) => {
      const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const flags = target.flags;
      const kind =
        flags & ts.SymbolFlags.Class
          ? 'class'
          : flags & ts.SymbolFlags.Function
            ? 'function'
            : flags & ts.SymbolFlags.Variable
              ? 'const'
              : flags & ts.SymbolFlags.Interface
                ? 'interface'
                : 'type';
      return `${kind} ${exported.name}`;
    })
    .sort((a, b) => a.slice(a.indexOf(' ')).localeCompare(b.slice(b.indexOf(' '))));
}

describe('public surfaces', () => {
  it('finds every package entry', () => {
    expect(all.map((entry) => entry.subpath)).toContain('./internal');
  });

  it.each(all.map((entry) => [`${entry.packageDir.split('/').pop()} ${entry.subpath}`, entry] as const))(
    '%s',
    async (_name, entry) => {
      const names = surface(entry.file);
      expect(names.length).toBeGreaterThan(0);
      const label = entry.subpath === '.' ? 'index' : entry.subpath.slice(2).replace(/\//g, '-');
      await expect(`${names.join('\n')}\n`).toMatchFileSnapshot(
        join(entry.packageDir, 'src', '__snapshots__', `exports-${label}.txt`),
      );
    },
  );
});
