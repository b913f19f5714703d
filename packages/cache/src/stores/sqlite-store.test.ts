import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CacheStore } from './cache-store.js';
import { sqliteStore } from './sqlite-store.js';

let dir: string;
const opened: CacheStore[] = [];

function open(path: string): CacheStore {
  const store = sqliteStore({ path });
  opened.push(store);
  return store;
}

async function rows(path: string): Promise<Array<Record<string, unknown>>> {
  const client = createClient({ url: `file:${path}` });
  try {
    const result = await client.execute(
      'SELECT key, value, expires_at, created_at FROM toolloop_cache ORDER BY key',
    );
    return result.rows.map((row) => ({ ...row }));
  } finally {
    client.close();
  }
}

describe('sqliteStore', () => {
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'toolloop-sqlite-'));
  });
  afterEach(async () => {
    vi.useRealTimers();
    await Promise.all(opened.splice(0).map((store) => store.close?.()));
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['%2F..%2Fescaped.db', '%2F..%2Fescaped.db'],
    ['a%3Fmode=memory.db', 'a%3Fmode=memory.db'],
    ['with?query.db', 'with?query.db'],
    ['hash#frag.db', 'hash#frag.db'],
  ])('treats the path %s as a file path, never as a URL (it stays where it says)', async (name, expected) => {
    const inner = join(dir, 'inner');
    await mkdir(inner);
    const store = open(join(inner, name));
    await store.set('k', 'v');
    expect(await readdir(inner)).toContain(expected);
    expect((await readdir(dir)).sort()).toEqual(['inner']);
  });

  it('persists entries in one table, readable by a second store on the same file', async () => {
    const path = join(dir, 'cache.db');
    const first = open(path);
    await first.set('k1', '{"v":1}', 60_000);
    await first.set('k1', '{"v":2}');
    await first.close?.();
    const second = open(path);
    expect(await second.get('k1')).toBe('{"v":2}');
    expect(await second.get('nope')).toBeUndefined();
    const [row] = await rows(path);
    expect(row).toMatchObject({ key: 'k1', value: '{"v":2}', expires_at: null });
    expect(typeof row?.created_at).toBe('number');
  });

  it('uses WAL mode so readers and a writer in other processes do not block each other', async () => {
    const path = join(dir, 'wal.db');
    await open(path).set('k', 'v');
    const client = createClient({ url: `file:${path}` });
    const mode = await client.execute('PRAGMA journal_mode');
    client.close();
    expect(mode.rows[0]?.journal_mode).toBe('wal');
  });

  it('ignores expired rows and prunes them', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const path = join(dir, 'ttl.db');
    const store = open(path);
    await store.set('short', 'a', 1000);
    await store.set('other', 'b', 1000);
    await store.set('long', 'c', 60_000);
    vi.advanceTimersByTime(1000);
    expect(await store.get('short')).toBeUndefined();
    expect((await rows(path)).map((row) => row.key)).toEqual(['long', 'other']);
    // Opening the file again prunes what expired meanwhile, without a read of each key.
    await store.close?.();
    await open(path).get('long');
    expect((await rows(path)).map((row) => row.key)).toEqual(['long']);
  });

  it('deletes and clears', async () => {
    const store = open(join(dir, 'clear.db'));
    await store.set('a', '1');
    await store.set('b', '2');
    await store.delete('a');
    expect(await store.get('a')).toBeUndefined();
    await store.clear?.();
    expect(await store.get('b')).toBeUndefined();
  });

  it('rejects from get when the file cannot be opened, and works once it can', async () => {
    const path = join(dir, 'missing-dir', 'cache.db');
    const store = open(path);
    await expect(store.get('k')).rejects.toThrow();
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(dir, 'missing-dir'));
    await store.set('k', 'v');
    expect(await store.get('k')).toBe('v');
  });

  it('rejects an empty path or an unsafe table name at construction', () => {
    expect(() => sqliteStore({ path: '' })).toThrow(/path/);
    expect(() => sqliteStore({ path: 'x.db', table: 'x; DROP TABLE y' })).toThrow(/table/);
  });
});
