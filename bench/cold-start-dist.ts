// Cold start from the built packages, as a user installing them pays it: the wall time of a fresh
// `node` process that imports what the README's Quick start imports, against bare node and against
// undici + zod alone (the floor the Quick start cannot go under). Imports resolve without the
// `@toolloop/source` condition, so they load `dist/` — run `pnpm build` first.
// Target (issue 16): core + openai + tools + zod ≤ undici + zod + 25 ms over bare node.
// Run: pnpm --filter @toolloop/bench exec tsx cold-start-dist.ts [--runs 15] [--quick]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const runsFlag = argv.indexOf('--runs');
const runs = runsFlag >= 0 ? Number(argv[runsFlag + 1]) : argv.includes('--quick') ? 5 : 15;
const bench = fileURLToPath(new URL('.', import.meta.url));

/** What each case imports; `bare node` imports nothing, so it measures node's own start-up. */
const cases: Record<string, string[]> = {
  'bare node': [],
  'undici + zod': ['undici', 'zod'],
  '@toolloop/core': ['@toolloop/core'],
  'core + openai + tools + zod (Quick start)': [
    '@toolloop/core',
    '@toolloop/openai',
    '@toolloop/tools',
    'zod',
  ],
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

/** Wall time in ms of one fresh process that imports `specifiers` (in order) and exits. */
function once(specifiers: string[]): number {
  const script = specifiers.map((specifier) => `await import(${JSON.stringify(specifier)});`).join('\n');
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: bench,
    encoding: 'utf8',
  });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`importing ${specifiers.join(', ')} failed:\n${result.stderr}`);
  return elapsed;
}

const samples = new Map<string, number[]>(Object.keys(cases).map((name) => [name, []]));
for (const specifiers of Object.values(cases)) once(specifiers); // warm the file system cache
// Rounds interleave the cases so that drift of a shared machine hits all of them alike.
for (let round = 0; round < runs; round++)
  for (const [name, specifiers] of Object.entries(cases)) samples.get(name)?.push(once(specifiers));

const bare = median(samples.get('bare node') ?? []);
const floor = median(samples.get('undici + zod') ?? []) - bare;
console.log(`cold start from dist/, median of ${runs} fresh processes (node ${process.version})`);
for (const [name, values] of samples) {
  const ms = median(values);
  const over = name === 'bare node' ? '' : `  +${(ms - bare).toFixed(0)} ms over bare node`;
  console.log(`${name.padEnd(44)} ${ms.toFixed(0).padStart(5)} ms${over}`);
}
const quickStart = median(samples.get('core + openai + tools + zod (Quick start)') ?? []) - bare;
const budget = floor + 25;
console.log(
  `Quick start +${quickStart.toFixed(0)} ms; target ≤ undici + zod + 25 = +${budget.toFixed(0)} ms: ${quickStart <= budget ? 'met' : 'not met'}`,
);
