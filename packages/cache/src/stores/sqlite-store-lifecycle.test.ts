// sqliteStore opening under another process lock, and after close().
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRedis } from '../test-utils.js';
import { sqliteStore } from './sqlite-store.js';

const here = dirname(fileURLToPath(import.meta.url));

describe('sqlite store', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'toolloop-test-'));
    await ensureRedis(); // keeps this file's requirements the same as the other store tests
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('waits for another process holding the write lock while it opens a new file (busy timeout first)', async () => {
    const path = join(dir, 'locked.db');
    // A second process holds the file exclusively for a moment, as another worker does while it
    // creates the file and switches it to WAL at the same time as this one.
    const holder = `
      import { createClient } from '@libsql/client';
      const client = createClient({ url: 'file:' + process.argv[1] });
      await client.execute('CREATE TABLE IF NOT EXISTS other (a)');
      // In exclusive locking mode the first write takes the file lock and keeps it until close.
      await client.execute('PRAGMA locking_mode=EXCLUSIVE');
      await client.execute('INSERT INTO other VALUES (1)');
      process.stdout.write('locked\\n');
      await new Promise((resolve) => setTimeout(resolve, 500));
      client.close();
    `;
    await import('@libsql/client'); // loaded before the lock is taken, so the store opens while it is held
    const child = execFile(process.execPath, ['--input-type=module', '-e', holder, path], { cwd: here });
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await new Promise<void>((resolve) => child.stdout?.on('data', () => resolve()));
    const store = sqliteStore({ path });
    try {
      await store.set('k', 'v');
      expect(await store.get('k')).toBe('v');
    } finally {
      await store.close?.();
    }
    expect({ code: await exited, stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('stays closed after close()', async () => {
    const store = sqliteStore({ path: join(dir, 'closed.db') });
    await store.set('k', 'v');
    await store.close?.();
    await store.close?.();
    await expect(store.get('k')).rejects.toThrow(/closed/);
  });
});
