import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as cachePackage from './index.js';

const here = dirname(fileURLToPath(import.meta.url));

async function sources(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== '__fixtures__') found.push(...(await sources(path)));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && entry.name !== 'test-utils.ts')
      found.push(path);
  }
  return found;
}

describe('@toolloop/cache', () => {
  it('exports the middleware, the stores and the key function', () => {
    for (const name of [
      'cache',
      'memoryStore',
      'sqliteStore',
      'redisStore',
      'cacheKey',
      'canonicalJson',
      'CorruptEntryError',
    ]) {
      expect(typeof (cachePackage as Record<string, unknown>)[name]).toBe('function');
    }
  });

  it('loads SQLite and Redis clients only lazily (no static value import of them)', async () => {
    for (const file of await sources(here)) {
      const text = await readFile(file, 'utf8');
      const staticImports = text.match(/^import\s+(?!type\b)[^;]*from\s+'(@libsql\/client|redis)'/gm) ?? [];
      expect(staticImports, file).toEqual([]);
    }
  });
});
