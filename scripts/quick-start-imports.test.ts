import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runWithResolveSpy } from '../packages/core/src/tokens/__fixtures__/resolve-spy/run-with-resolve-spy.js';
import { repoRoot } from './support/package-sources.js';

// What importing the README's Quick start packages loads (issue 16, cold start): nothing that only
// a later call needs. undici costs more to import than the rest of the Quick start together; it
// loads with the first request. The child records every module the ESM loader resolves (core's
// resolve spy) after importing the sources, and again after one request to a closed local port.
const source = (name: string) =>
  JSON.stringify(pathToFileURL(join(repoRoot, `packages/${name}/src/index.ts`)).href);

const script = `
const settle = () => new Promise((resolve) => setImmediate(resolve));
await import(${source('core')});
const { openai } = await import(${source('openai')});
await import(${source('tools')});
await import('zod');
await settle();
const afterImport = [...globalThis.resolvedModules];
// Port 9 (discard) on loopback: nothing listens, the request fails at once after loading undici.
const model = openai('gpt-4o-mini', { baseURL: 'http://127.0.0.1:9/v1', apiKey: 'sk-test' });
const failed = await model.generate({ messages: [{ role: 'user', content: 'hi' }] }).then(() => false, () => true);
await settle();
console.log(JSON.stringify({ afterImport, afterRequest: globalThis.resolvedModules, failed }));
`;

describe('importing the Quick start (core, openai, tools, zod)', () => {
  it('loads no undici, p-limit, gpt-tokenizer or crypto/network built-in; the first request loads undici', async () => {
    const report = (await runWithResolveSpy(script)) as {
      afterImport: string[];
      afterRequest: string[];
      failed: boolean;
    };
    const lazy = /\/(undici|p-limit|gpt-tokenizer)\/|^node:(crypto|http|https|net|dns|dns\/promises)$/;
    expect(report.afterImport.filter((url) => lazy.test(url))).toEqual([]);
    // The spy sees what it should: the sources and zod were resolved.
    expect(report.afterImport.some((url) => url.endsWith('/packages/openai/src/index.ts'))).toBe(true);
    expect(report.afterImport.some((url) => url.includes('/zod/'))).toBe(true);
    expect(report.failed).toBe(true);
    expect(report.afterRequest.some((url) => url.includes('/undici/'))).toBe(true);
  });
});
