import { execFile } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../..', import.meta.url));
const spy = new URL('./__fixtures__/resolve-spy/register.mjs', import.meta.url).href;
const core = pathToFileURL(fileURLToPath(new URL('../index.ts', import.meta.url))).href;

// The child imports core, reports which modules were resolved, then counts once and reports again
// (the second list proves the spy sees gpt-tokenizer when it is loaded).
const script = `
const tokenizer = () => globalThis.resolvedModules.filter((url) => url.includes('/gpt-tokenizer/'));
const settle = () => new Promise((resolve) => setImmediate(resolve));
const core = await import(${JSON.stringify(core)});
await settle();
const afterImport = tokenizer();
const sync = core.countTokensSync('안녕하세요', { model: 'gpt-4o' });
await settle();
const afterSyncCount = tokenizer();
const exact = await core.countTokens('안녕하세요', { model: 'gpt-4o' });
await settle();
console.log(JSON.stringify({ afterImport, afterSyncCount, afterCount: tokenizer(), sync, exact }));
`;

function runChild(): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [
        '--conditions=@toolloop/source',
        '--import',
        'tsx',
        '--import',
        spy,
        '--input-type=module',
        '-e',
        script,
      ],
      { cwd: root, timeout: 60_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
    );
  });
}

describe('loading the tokenizer', () => {
  it('importing @toolloop/core does not load gpt-tokenizer; the first countTokens does', async () => {
    const report = JSON.parse((await runChild()).trim().split('\n').pop() ?? '{}');
    expect(report.afterImport).toEqual([]);
    // countTokensSync never starts a load: it approximates until a tokenizer is there.
    expect(report.afterSyncCount).toEqual([]);
    expect(report.afterCount.some((url: string) => url.includes('/encoding/o200k_base'))).toBe(true);
    // Only the o200k ranks (2.4 MB): the cl100k ranks load only for a gpt-4 / gpt-3.5 model.
    expect(report.afterCount.some((url: string) => url.includes('/bpeRanks/o200k_base'))).toBe(true);
    expect(report.afterCount.some((url: string) => url.includes('/bpeRanks/cl100k_base'))).toBe(false);
    expect(report.exact).toBe(2); // o200k_base: '안녕하세요' is 2 tokens (see count-tokens.test.ts)
  });
});
