// Token counting: the first-load cost of the tokenizer (in fresh processes, as a user pays it) and
// counting a 100-message Korean/English conversation (~7,000 tokens) after warm-up. Target: ≤ 5 ms.
// Run: pnpm --filter @toolloop/bench exec tsx --conditions=@toolloop/source count-tokens.ts [--quick]
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { countTokens, countTokensSync, type Message } from '@toolloop/core';
import { fromSource } from './simulator-process.js';

const quick = process.argv.includes('--quick');
// The repository root, from bench/ (tsx) or bench/dist/ (`pnpm bench` runs the built files).
const root = fileURLToPath(new URL(fromSource ? '..' : '../..', import.meta.url));
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** 100 different messages alternating Korean and English paragraphs of the docs, ~70 tokens each. */
function conversation(): Message[] {
  const paragraphs = (dir: string) =>
    readdirSync(join(root, dir))
      .filter((file) => file.endsWith('.md'))
      .flatMap((file) => readFileSync(join(root, dir, file), 'utf8').split(/\n\n+/))
      .filter((text) => text.length > 120 && !text.startsWith('```') && !text.startsWith('|'))
      .map((text) => text.slice(0, 210));
  const korean = paragraphs('docs/ko');
  const english = paragraphs('docs');
  const messages: Message[] = [{ role: 'system', content: '간결하게 답변해주세요.' }];
  for (let i = 1; i < 100; i++) {
    const text = (i % 2 ? korean : english)[i % (i % 2 ? korean.length : english.length)] ?? '';
    messages.push(i % 2 ? { role: 'user', content: text } : { role: 'assistant', content: text });
  }
  return messages;
}

/** One fresh process: import core, then the first exact count (which loads the encoding), then a second. */
function firstLoad(): { importMs: number; firstCountMs: number; secondCountMs: number } {
  const core = pathToFileURL(`${root}packages/core/src/index.ts`).href;
  const script = `
    const t0 = performance.now();
    const core = await import(${JSON.stringify(core)});
    const t1 = performance.now();
    await core.countTokens('안녕하세요', { model: 'gpt-4o-mini' });
    const t2 = performance.now();
    await core.countTokens('hello', { model: 'gpt-4o-mini' });
    const t3 = performance.now();
    console.log(JSON.stringify({ importMs: t1 - t0, firstCountMs: t2 - t1, secondCountMs: t3 - t2 }));`;
  const out = execFileSync(
    process.execPath,
    ['--conditions=@toolloop/source', '--import', 'tsx', '--input-type=module', '-e', script],
    { cwd: root, encoding: 'utf8' },
  );
  return JSON.parse(out.trim().split('\n').pop() ?? '{}');
}

/** The tokenizer alone in plain Node (no tsx): what a user of the built package pays on first count. */
function plainLoadMs(): number {
  const script = `const t0 = performance.now();
    const o200k = await import('gpt-tokenizer/encoding/o200k_base');
    o200k.countTokens('안녕하세요');
    console.log(performance.now() - t0);`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: `${root}packages/core`,
    encoding: 'utf8',
  });
  return Number(out.trim());
}

const loads = Array.from({ length: quick ? 3 : 7 }, firstLoad);
const plainLoads = Array.from({ length: quick ? 3 : 7 }, plainLoadMs);
const messages = conversation();
const model = { model: 'gpt-4o-mini' };
const tokens = await countTokens(messages, model);
for (let i = 0; i < 20; i++) await countTokens(messages, model); // warm-up: JIT and merge cache
const times: number[] = [];
for (let i = 0; i < (quick ? 50 : 300); i++) {
  const start = performance.now();
  countTokensSync(messages, model);
  times.push(performance.now() - start);
}
const approximate: number[] = [];
const unknown = { model: 'llama3.1:8b' };
for (let i = 0; i < 20; i++) countTokensSync(messages, unknown);
for (let i = 0; i < (quick ? 50 : 300); i++) {
  const start = performance.now();
  countTokensSync(messages, unknown);
  approximate.push(performance.now() - start);
}

const line = (label: string, value: string) => console.log(`${label.padEnd(34)} ${value}`);
line(
  'tokenizer first load (o200k_base)',
  `import core ${median(loads.map((l) => l.importMs)).toFixed(0)} ms (no tokenizer), first countTokens ${median(loads.map((l) => l.firstCountMs)).toFixed(0)} ms under tsx, ${median(plainLoads).toFixed(0)} ms in plain node; then ${median(loads.map((l) => l.secondCountMs)).toFixed(2)} ms`,
);
line(
  `count 100 messages (${tokens} tokens)`,
  `exact ${median(times).toFixed(2)} ms (p90 ${[...times].sort((a, b) => a - b)[Math.floor(times.length * 0.9)]?.toFixed(2)} ms), approximate ${median(approximate).toFixed(2)} ms, approximation says ${countTokensSync(messages, unknown)}`,
);
console.log(
  JSON.stringify({
    benchmark: 'count-tokens',
    node: process.version,
    tokens,
    firstLoad: loads,
    plainLoadMs: plainLoads,
    exactMsMedian: median(times),
    approximateMsMedian: median(approximate),
  }),
);
