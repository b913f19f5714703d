#!/usr/bin/env node
// The README's two commands land here: `npm start` and `npm test`. On a fresh machine with only
// Node 20 and npm, this installs the workspace with the pinned pnpm (through npx, from the npm
// registry) before running the job, so neither command needs anything set up by hand.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pnpm = ['-y', 'pnpm@12.4.2'];
const [job = 'start', ...args] = process.argv.slice(2);

function run(command, commandArgs, options = {}) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

if (!existsSync(join(root, 'node_modules', '.modules.yaml'))) {
  console.error('toolloop: installing dependencies (pnpm install --frozen-lockfile)…');
  const status = run('npx', [...pnpm, 'install', '--frozen-lockfile']);
  if (status !== 0) process.exit(status);
}

const node = [process.execPath, '--conditions=@toolloop/source', '--import', 'tsx'];
let status;
switch (job) {
  case 'start':
    status = run(node[0], [...node.slice(1), 'examples/weather-agent/main.ts', ...args]);
    break;
  case 'example': {
    const [name, ...rest] = args;
    if (!name || !existsSync(join(root, 'examples', name, 'main.ts'))) {
      console.error(
        `toolloop: name an example, e.g. \`npm run example -- streaming\`. Examples: ${readdirSync(
          join(root, 'examples'),
          { withFileTypes: true },
        )
          .filter((entry) => existsSync(join(root, 'examples', entry.name, 'main.ts')))
          .map((entry) => entry.name)
          .join(', ')}.`,
      );
      status = 2;
      break;
    }
    status = run(node[0], [...node.slice(1), 'main.ts', ...rest], { cwd: join(root, 'examples', name) });
    break;
  }
  case 'test':
    status = run(join(root, 'node_modules', '.bin', 'vitest'), ['run', ...args]);
    break;
  default:
    console.error(`toolloop: unknown job "${job}"; use start, test or example.`);
    status = 2;
}
process.exit(status);
