import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runWithResolveSpy } from './__fixtures__/resolve-spy/run-with-resolve-spy.js';

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

describe('loading the tokenizer', () => {
  it('importing @toolloop/core does not load gpt-tokenizer; the first countTokens does', async () => {
    const report = (await runWithResolveSpy(script)) as {
      afterImport: string[];
      afterSyncCount: string[];
      afterCount: string[];
      exact: number;
    };
    expect(report.afterImport).toEqual([]);
    // countTokensSync never starts a load: it approximates until a tokenizer is there.
    expect(report.afterSyncCount).toEqual([]);
    expect(report.afterCount.some((url) => url.includes('/encoding/o200k_base'))).toBe(true);
    // Only the o200k ranks (2.4 MB): the cl100k ranks load only for a gpt-4 / gpt-3.5 model.
    expect(report.afterCount.some((url) => url.includes('/bpeRanks/o200k_base'))).toBe(true);
    expect(report.afterCount.some((url) => url.includes('/bpeRanks/cl100k_base'))).toBe(false);
    expect(report.exact).toBe(2); // o200k_base: '안녕하세요' is 2 tokens (see count-tokens.test.ts)
  });
});
