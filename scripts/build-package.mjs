#!/usr/bin/env node
// Builds the package in the current folder (its `build` and `prepack` scripts run
// `node ../../scripts/build-package.mjs`): every entry of its `exports` (the `@toolloop/source`
// file → the `import` file) and of its `bin` becomes one bundled ES module in dist/, so a cold
// `import` reads one file instead of dozens (issue 16). Code that two entries of one package share
// goes to dist/chunks/ once, so module state (registries, caches) is never duplicated. Everything
// imported by bare name — node built-ins, dependencies, peers and the other @toolloop packages —
// stays an import: a bundle of @toolloop/openai imports @toolloop/core, so errors' `instanceof`
// holds across packages. tsc writes the .d.ts files beside the bundles.
// Extra entries (files started as processes, not imported) are given as arguments:
// `node ../../scripts/build-package.mjs src/test/stdio-server-main.ts` → dist/test/stdio-server-main.js.
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));

/** `./dist/test/index.js` → `test/index`, the entry name esbuild writes to dist/<name>.js. */
function outName(file, where) {
  const match = /^\.\/dist\/(.+)\.js$/.exec(file);
  if (!match) throw new Error(`${manifest.name}: ${where} points at ${file}; expected ./dist/<name>.js.`);
  return match[1];
}

const entryPoints = {};
for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
  if (typeof target !== 'object' || target === null) continue;
  const source = target['@toolloop/source'];
  const built = target.import ?? target.default;
  if (!source || !built) continue;
  entryPoints[outName(built, `exports["${subpath}"]`)] = source;
}
const bins = typeof manifest.bin === 'string' ? { [manifest.name]: manifest.bin } : (manifest.bin ?? {});
for (const [name, file] of Object.entries(bins)) {
  const out = outName(file, `bin["${name}"]`);
  entryPoints[out] = `./src/${out}.ts`;
}
for (const source of process.argv.slice(2)) {
  const match = /^(?:\.\/)?src\/(.+)\.ts$/.exec(source);
  if (!match) throw new Error(`${manifest.name}: extra entry ${source} must be a src/<name>.ts file.`);
  entryPoints[match[1]] = `./${source.replace(/^\.\//, '')}`;
}
if (Object.keys(entryPoints).length === 0) throw new Error(`${manifest.name}: no entries in exports or bin.`);

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints,
  outdir: 'dist',
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  // Error classes name themselves from `new.target.name`; bundling must not rename them.
  keepNames: true,
  tsconfig: 'tsconfig.build.json',
  logLevel: 'warning',
});
for (const file of Object.values(bins)) chmodSync(file, 0o755);

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const declarations = spawnSync(
  process.execPath,
  [tsc, '-p', 'tsconfig.build.json', '--emitDeclarationOnly'],
  { stdio: 'inherit' },
);
if (declarations.status !== 0) process.exit(declarations.status ?? 1);
