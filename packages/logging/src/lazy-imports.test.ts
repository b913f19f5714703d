import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const optionalPeers = ['@libsql/client', '@opentelemetry/api'];

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sourceFiles(path);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
    }),
  );
  return files.flat();
}

describe('importing @toolloop/logging stays cheap', () => {
  it('loads the optional peers (SQLite, OpenTelemetry) only by dynamic import, on first use', async () => {
    const offenders: string[] = [];
    let dynamic = 0;
    for (const file of await sourceFiles(import.meta.dirname)) {
      const text = await readFile(file, 'utf8');
      for (const peer of optionalPeers) {
        const staticImport = new RegExp(`^import (?!type )[^;]*from '${peer}'`, 'm');
        if (staticImport.test(text)) offenders.push(`${file}: ${peer}`);
        if (text.includes(`import('${peer}')`)) dynamic++;
      }
    }
    expect(offenders).toEqual([]);
    expect(dynamic).toBe(2);
  });
});
