// Cold start from the built packages, as a user installing them pays it: the wall time of a fresh
// `node` process that imports what the README's Quick start imports, against bare node and against
// undici + zod alone (the floor the Quick start cannot go under). Imports resolve without the
// `@toolloop/source` condition, so they load `dist/` — run `pnpm build` first.
// Target (issue 16): core + openai + tools + zod ≤ undici + zod + 25 ms over bare node. Since
// @toolloop/openai imports undici with the first request, the last case adds undici to the Quick
// start: what a program has loaded once it has made its first call, against the same floor.
// Wall time and the child's own CPU time (user + system) are medians over fresh processes; judge
// by CPU on a busy machine. `--root <checkout>` measures another checkout's built packages (e.g.
// main before a change) with this script.
// Run: pnpm --filter @toolloop/bench exec tsx cold-start-dist.ts [--runs 15] [--quick] [--root ../other]
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const runsFlag = argv.indexOf('--runs');
const runs = runsFlag >= 0 ? Number(argv[runsFlag + 1]) : argv.includes('--quick') ? 5 : 15;
const rootFlag = argv.indexOf('--root');
const bench =
  rootFlag >= 0
    ? join(resolve(argv[rootFlag + 1] ?? '.'), 'bench')
    : fileURLToPath(new URL('.', import.meta.url));

const quickStart = ['@toolloop/core', '@toolloop/openai', '@toolloop/tools', 'zod'];
const quickStartName = 'core + openai + tools + zod (Quick start)';
const afterRequestName = 'Quick start + undici (after the 1st request)';

/** What each case imports; `bare node` imports nothing, so it measures node's own start-up. */
const cases: Record<string, string[]> = {
  'bare node': [],
  'undici + zod': ['undici', 'zod'],
  '@toolloop/core': ['@toolloop/core'],
  [quickStartName]: quickStart,
  [afterRequestName]: [...quickStart, 'undici'],
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

interface Sample {
  wall: number;
  cpu: number;
}

/** Wall time and the child's CPU time (user + system, ms) of one fresh process that imports `specifiers`. */
function once(specifiers: string[]): Sample {
  const script = [
    ...specifiers.map((specifier) => `await import(${JSON.stringify(specifier)});`),
    'const { user, system } = process.cpuUsage(); console.log((user + system) / 1000);',
  ].join('\n');
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: bench,
    encoding: 'utf8',
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`importing ${specifiers.join(', ')} failed:\n${result.stderr}`);
  return { wall, cpu: Number(result.stdout.trim()) };
}

/**
 * CPU ms that importing core, openai and tools adds in a process that has already imported undici
 * and zod: toolloop's own share of the Quick start, without the noise of two process start-ups.
 */
function ownCode(): number {
  const script = `
    const cpu = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1000; };
    await import('undici'); await import('zod');
    const before = cpu();
    await import('@toolloop/core'); await import('@toolloop/openai'); await import('@toolloop/tools');
    console.log(cpu() - before);`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: bench,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`importing the Quick start failed:\n${result.stderr}`);
  return Number(result.stdout.trim());
}

const samples = new Map<string, Sample[]>(Object.keys(cases).map((name) => [name, []]));
for (const specifiers of Object.values(cases)) once(specifiers); // warm the file system cache
// Rounds interleave the cases so that drift of a shared machine hits all of them alike.
for (let round = 0; round < runs; round++)
  for (const [name, specifiers] of Object.entries(cases)) samples.get(name)?.push(once(specifiers));

const medians = new Map(
  [...samples].map(([name, values]) => [
    name,
    { wall: median(values.map((v) => v.wall)), cpu: median(values.map((v) => v.cpu)) },
  ]),
);
const of = (name: string) => medians.get(name) ?? { wall: Number.NaN, cpu: Number.NaN };
const bare = of('bare node');
const over = (name: string, key: 'wall' | 'cpu') => of(name)[key] - bare[key];
const ms = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(0)}`.padStart(5);

console.log(
  `cold start from the dist/ folders of ${resolve(bench, '..')}, median of ${runs} fresh processes (node ${process.version})`,
);
console.log(`${'case'.padEnd(46)} ${'wall'.padStart(6)} ${'CPU'.padStart(6)}   over bare node: wall / CPU`);
for (const name of Object.keys(cases)) {
  const { wall, cpu } = of(name);
  const diff = name === 'bare node' ? '' : `   ${ms(over(name, 'wall'))} / ${ms(over(name, 'cpu'))} ms`;
  console.log(`${name.padEnd(46)} ${wall.toFixed(0).padStart(6)} ${cpu.toFixed(0).padStart(6)}${diff}`);
}
for (const key of ['wall', 'cpu'] as const) {
  const budget = over('undici + zod', key) + 25;
  const verdict = (name: string) =>
    `${name.split(' (')[0]} ${ms(over(name, key)).trim()} ms (${over(name, key) <= budget ? 'met' : 'not met'})`;
  console.log(
    `${key}: target ≤ undici + zod + 25 = +${budget.toFixed(0)} ms; ${verdict(quickStartName)}; ${verdict(afterRequestName)}`,
  );
}
const own = median(Array.from({ length: runs }, ownCode));
console.log(
  `core + openai + tools imported after undici + zod, in-process CPU: +${own.toFixed(1)} ms (target ≤ 25)`,
);
