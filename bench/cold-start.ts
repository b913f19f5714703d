// Cold start: `import` of what each stack's Quick start imports, in fresh processes, against the
// BUILT packages (dist, resolved normally, without the @toolloop/source condition), as users get them.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromSource, median } from './simulator-process.js';

/** What each stack's Quick start imports (bare node imports nothing). */
export const coldStartStacks = {
  'bare node': [],
  'undici + zod': ["import { request } from 'undici';", "import { z } from 'zod';"],
  toolloop: [
    "import { createAgent } from '@toolloop/core';",
    "import { openai } from '@toolloop/openai';",
    "import { defineTool } from '@toolloop/tools';",
    "import { z } from 'zod';",
  ],
  'openai-node': ["import OpenAI from 'openai';"],
  'AI SDK': [
    "import { generateText, stepCountIs, tool } from 'ai';",
    "import { createOpenAI } from '@ai-sdk/openai';",
    "import { z } from 'zod';",
  ],
} as const;

/** A stack of {@link coldStartStacks}. */
export type ColdStartStack = keyof typeof coldStartStacks;

/** Medians over the repetitions, ms. */
export interface ColdStartFigures {
  /** Process start to the end of the imports (performance.now() in the child). */
  importedMs: number;
  /** Spawn to exit, measured by the parent. */
  processMs: number;
  /** The child's CPU (user + system) up to the end of the imports. */
  cpuMs: number;
  /** importedMs over bare node's. */
  overBareMs: number;
  /** Every repetition's importedMs. */
  samplesMs: number[];
}

/** The bench package's folder (this file runs from it, or from its dist/). */
export const benchRoot = join(dirname(fileURLToPath(import.meta.url)), fromSource ? '.' : '..');

/**
 * Runs every stack `repetitions` times in fresh `node` processes (stacks interleaved, so drift
 * hits all alike) and returns the medians. Throws when the packages are not built.
 */
export async function benchColdStart(options: {
  repetitions: number;
}): Promise<Record<ColdStartStack, ColdStartFigures>> {
  const core = createRequire(join(benchRoot, 'package.json')).resolve('@toolloop/core/package.json');
  if (!existsSync(join(dirname(core), 'dist', 'index.js'))) {
    throw new Error(
      'cold start measures the built packages: run `pnpm build` first (packages/*/dist is missing).',
    );
  }
  const stacks = Object.keys(coldStartStacks) as ColdStartStack[];
  const samples = Object.fromEntries(
    stacks.map((s) => [s, [] as Array<{ importedMs: number; processMs: number; cpuMs: number }>]),
  ) as Record<ColdStartStack, Array<{ importedMs: number; processMs: number; cpuMs: number }>>;
  for (let i = 0; i < options.repetitions + 1; i++) {
    for (const stack of stacks) {
      const sample = await importInFreshProcess(coldStartStacks[stack]);
      if (i > 0) samples[stack].push(sample); // the first pass only warms the file-system cache
    }
  }
  const bare = median(samples['bare node'].map((s) => s.importedMs));
  return Object.fromEntries(
    stacks.map((stack) => {
      const importedMs = median(samples[stack].map((s) => s.importedMs));
      return [
        stack,
        {
          importedMs,
          processMs: median(samples[stack].map((s) => s.processMs)),
          cpuMs: median(samples[stack].map((s) => s.cpuMs)),
          overBareMs: importedMs - bare,
          samplesMs: samples[stack].map((s) => s.importedMs),
        },
      ];
    }),
  ) as Record<ColdStartStack, ColdStartFigures>;
}

async function importInFreshProcess(imports: readonly string[]) {
  // Static imports, then one line with the clock and the CPU at the end of module evaluation.
  const code = `${imports.join('\n')}\nconst c = process.cpuUsage(); process.stdout.write(JSON.stringify({ t: performance.now(), cpu: (c.user + c.system) / 1000 }));`;
  const started = performance.now();
  const child = spawn(process.execPath, ['--input-type=module', '--eval', code], {
    cwd: benchRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  const exitCode = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const processMs = performance.now() - started;
  if (exitCode !== 0) throw new Error(`cold start of ${imports.join(' ')} failed (exit ${exitCode})`);
  const { t, cpu } = JSON.parse(out) as { t: number; cpu: number };
  return { importedMs: t, processMs, cpuMs: cpu };
}
