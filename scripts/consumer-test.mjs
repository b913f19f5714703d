#!/usr/bin/env node
// Uses toolloop the way a user outside this repository does: packs every package into a tarball
// (the `prepack` script builds dist/), installs the tarballs into fresh projects in a temporary
// folder — one with npm, one with pnpm — and checks, against the packed simulator:
//   1. the README's Quick start typechecks under module NodeNext and under moduleResolution Bundler,
//      and the compiled program answers;
//   2. a .cjs file can require() every package (Node 20.19+ loads our ES modules);
//   3. an esbuild bundle of a program that also uses @toolloop/cache and @toolloop/logging (whose
//      optional peers are not installed) builds and runs;
//   4. `npx toolloop ask "부산 날씨 알려줘"` answers offline in a Korean sentence;
//   5. `npx toolloop batch run --provider` runs the guide's three requests offline through the
//      simulator's Batch API, and `toolloop batch status <id>` reports them completed.
// Prints one line per check and exits non-zero when any fails. `node scripts/consumer-test.mjs`.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'toolloop-consumer-'));
const tarballs = join(work, 'tarballs');
const keep = process.env.TOOLLOOP_KEEP_CONSUMER === '1';
const results = [];

/** Runs a command; throws with its output when it fails. */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    ...options,
    env: { ...cleanEnv(), ...options.env },
  });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

/** The environment without anything pointing at a real model API: the consumer runs offline. */
function cleanEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env))
    if (key.startsWith('OPENAI_') || key.startsWith('npm_')) delete env[key];
  return env;
}

function check(name, body) {
  const started = Date.now();
  try {
    body();
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(
      `FAIL ${name}\n${String(error?.message ?? error)
        .split('\n')
        .map((line) => `     ${line}`)
        .join('\n')}`,
    );
  }
}

/** The README's Quick start, exactly as users read it. */
function quickStart() {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Quick start'));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error('README.md has no ```ts block under "## Quick start".');
  return match[1];
}

/** Starts the packed simulator of a consumer project; resolves with its URL and a stop function. */
function startSimulator(project) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(project, 'node_modules/@toolloop/simulator/dist/cli.js'), '--port', '0'],
      {
        env: cleanEnv(),
      },
    );
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      out += chunk;
      const url = /listening on (\S+)/.exec(out)?.[1];
      if (url) resolve({ url, stop: () => child.kill('SIGTERM') });
    });
    child.stderr.setEncoding('utf8').on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => reject(new Error(`the packed simulator exited (${code}): ${out}`)));
  });
}

const tsconfig = (compilerOptions) =>
  JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      strict: true,
      skipLibCheck: false,
      types: ['node'],
      ...compilerOptions,
    },
    files: ['quickstart.ts'],
  });

const requireCheck = `
const { createAgent } = require('@toolloop/core');
const { openai } = require('@toolloop/openai');
const { createWeatherTool, offlineWeatherSource } = require('@toolloop/tools');
const getWeather = createWeatherTool({ source: offlineWeatherSource() });
for (const name of ['@toolloop/retry', '@toolloop/cache', '@toolloop/logging', '@toolloop/images', '@toolloop/simulator']) {
  if (Object.keys(require(name)).length === 0) throw new Error(name + ' exported nothing to require()');
}
const agent = createAgent({ model: openai('gpt-4o-mini', { baseURL: process.env.SIM_URL }), tools: [getWeather] });
agent.run('서울 날씨 어때?').then((result) => console.log(result.text), (error) => { console.error(error); process.exit(1); });
`;

const bundleEntry = `
import { cache, memoryStore } from '@toolloop/cache';
import { createAgent } from '@toolloop/core';
import { consoleSink, logging } from '@toolloop/logging';
import { openai } from '@toolloop/openai';
import { createWeatherTool, offlineWeatherSource } from '@toolloop/tools';

const getWeather = createWeatherTool({ source: offlineWeatherSource() });
const agent = createAgent({
  model: openai('gpt-4o-mini', { baseURL: process.env.SIM_URL }),
  tools: [getWeather],
  middleware: [logging({ sink: consoleSink({ stream: process.stderr }) }), cache({ store: memoryStore() })],
});
const result = await agent.run('도쿄 날씨 어때?');
console.log(result.text);
`;

async function consumer(manager) {
  const project = join(work, manager);
  mkdirSync(project, { recursive: true });
  const packed = readdirSync(tarballs).filter((name) => name.endsWith('.tgz'));
  const byName = Object.fromEntries(
    packed.map((file) => [
      file.replace(/-\d+\.\d+\.\d+\.tgz$/, '').replace(/^toolloop-(?!\d)/, '@toolloop/'),
      `file:${join(tarballs, file)}`,
    ]),
  );
  // The CLI's own tarball is named toolloop-<version>.tgz: the package `toolloop`.
  for (const file of packed) if (/^toolloop-\d/.test(file)) byName.toolloop = `file:${join(tarballs, file)}`;
  delete byName['@toolloop/'];
  const manifest = {
    name: `consumer-${manager}`,
    private: true,
    type: 'module',
    dependencies: { ...byName, zod: '^4.1.0' },
    devDependencies: { typescript: '~5.9.3', esbuild: '^0.25.0', '@types/node': '^20.19.0' },
  };
  // Transitive @toolloop/* dependencies resolve to the tarballs too, not to the registry.
  if (manager === 'pnpm') {
    const lines = Object.entries(byName).map(([name, spec]) => `  '${name}': '${spec}'`);
    // esbuild's install script fetches nothing (its binary comes as an npm package); pnpm asks to allow it.
    writeFileSync(
      join(project, 'pnpm-workspace.yaml'),
      `allowBuilds:\n  esbuild: true\n  msgpackr-extract: false\noverrides:\n${lines.join('\n')}\n`,
    );
  } else manifest.overrides = byName;
  writeFileSync(join(project, 'package.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(join(project, 'quickstart.ts'), quickStart());
  writeFileSync(
    join(project, 'tsconfig.nodenext.json'),
    tsconfig({ module: 'NodeNext', moduleResolution: 'NodeNext', outDir: 'out' }),
  );
  writeFileSync(
    join(project, 'tsconfig.bundler.json'),
    tsconfig({ module: 'ESNext', moduleResolution: 'Bundler', noEmit: true }),
  );
  writeFileSync(join(project, 'require-check.cjs'), requireCheck);
  writeFileSync(join(project, 'bundle-entry.ts'), bundleEntry);

  check(`${manager}: install the packed tarballs into a fresh project`, () => {
    if (manager === 'npm')
      run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: project });
    else run('npx', ['-y', 'pnpm@12.4.2', 'install', '--config.confirmModulesPurge=false'], { cwd: project });
  });
  check(`${manager}: README Quick start typechecks under module NodeNext`, () => {
    run(
      process.execPath,
      [join(project, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.nodenext.json'],
      { cwd: project },
    );
  });
  check(`${manager}: README Quick start typechecks under moduleResolution Bundler`, () => {
    run(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.bundler.json'], {
      cwd: project,
    });
  });
  const simulator = await startSimulator(project);
  const env = { OPENAI_BASE_URL: simulator.url, SIM_URL: simulator.url };
  try {
    check(`${manager}: the compiled Quick start answers against the packed simulator`, () => {
      const out = run(process.execPath, ['out/quickstart.js'], { cwd: project, env });
      if (!/서울/.test(out)) throw new Error(`unexpected answer: ${out}`);
    });
    check(`${manager}: a .cjs file require()s every package and runs an agent`, () => {
      const out = run(process.execPath, ['require-check.cjs'], { cwd: project, env });
      if (!/서울/.test(out)) throw new Error(`unexpected answer: ${out}`);
    });
    check(`${manager}: an esbuild bundle (cache and logging, optional peers absent) builds and runs`, () => {
      // The usual flags for an ES-module bundle for Node: the banner gives CommonJS dependencies
      // (undici) a require(). Nothing about our optional peers is marked by hand.
      const banner =
        "--banner:js=import { createRequire as bannerRequire } from 'node:module'; const require = bannerRequire(import.meta.url);";
      run(
        join(project, 'node_modules/.bin/esbuild'),
        [
          'bundle-entry.ts',
          '--bundle',
          '--platform=node',
          '--format=esm',
          banner,
          '--outfile=bundle.mjs',
          '--log-level=error',
        ],
        { cwd: project },
      );
      const out = run(process.execPath, ['bundle.mjs'], { cwd: project, env });
      if (!/도쿄/.test(out)) throw new Error(`unexpected answer: ${out}`);
    });
  } finally {
    simulator.stop();
  }
  check(`${manager}: npx toolloop ask answers offline in a Korean sentence`, () => {
    const out = run('npx', ['--no-install', 'toolloop', 'ask', '부산 날씨 알려줘'], { cwd: project });
    if (!/부산의 현재 기온은 \d+°C/.test(out)) throw new Error(`unexpected answer: ${out}`);
  });
  check(`${manager}: npx toolloop batch run --provider runs the guide's batch offline, status by id`, () => {
    const input = ['1+1은?', '파이썬이란?', 'AI의 미래는?']
      .map((prompt, i) => JSON.stringify({ custom_id: `req-${i + 1}`, input: prompt }))
      .join('\n');
    writeFileSync(join(project, 'batch-in.jsonl'), `${input}\n`);
    rmSync(join(project, 'batch-out.jsonl'), { force: true });
    const args = [
      'batch',
      'run',
      'batch-in.jsonl',
      '--out',
      'batch-out.jsonl',
      '--provider',
      '--poll-ms',
      '20',
    ];
    const out = run('npx', ['--no-install', 'toolloop', ...args], { cwd: project });
    const id = /^batch id: (\S+)$/m.exec(out)?.[1];
    if (!id) throw new Error(`no batch id in: ${out}`);
    const status = JSON.parse(
      run('npx', ['--no-install', 'toolloop', 'batch', 'status', id], { cwd: project }),
    );
    if (status.mode !== 'provider' || status.status !== 'completed' || status.counts.completed !== 3) {
      throw new Error(`unexpected status: ${JSON.stringify(status)}`);
    }
  });
  check(`${manager}: toolloop --version matches the package`, () => {
    const { version } = JSON.parse(readFileSync(join(root, 'packages/cli/package.json'), 'utf8'));
    const out = run('npx', ['--no-install', 'toolloop', '--version'], { cwd: project }).trim();
    if (out !== version) throw new Error(`toolloop --version printed ${out}, the package is ${version}`);
  });
}

try {
  mkdirSync(tarballs, { recursive: true });
  check('pack every package (prepack builds dist/)', () => {
    // Dependencies first: a package's prepack compiles against its dependencies' dist/ types.
    run('npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], { cwd: root });
    for (const dir of readdirSync(join(root, 'packages'))) {
      run('npx', ['-y', 'pnpm@12.4.2', 'pack', '--pack-destination', tarballs], {
        cwd: join(root, 'packages', dir),
      });
    }
  });
  await consumer('npm');
  await consumer('pnpm');
} finally {
  if (!keep) rmSync(work, { recursive: true, force: true });
  else console.log(`kept ${work}`);
}
const failed = results.filter((result) => !result.ok).length;
console.log(`consumer test: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
