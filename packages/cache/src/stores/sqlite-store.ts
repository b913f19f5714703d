import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Client } from '@libsql/client';
import { InvalidOptionError, StoreUnavailableError } from '@toolloop/core';
import { loadOptional } from '@toolloop/core/internal';
import type { CacheStore } from './cache-store.js';

/** Options of sqliteStore; only `path` is required. */
export interface SqliteStoreOptions {
  /** The database file; created when missing. Several processes may share it. */
  path: string;
  /** Table name. Default 'toolloop_cache'. */
  table?: string;
  /** How long a write waits for another process's lock, in ms. Default 5000. */
  busyTimeoutMs?: number;
  /** Expired rows are deleted on open and after every this many writes. Default 500. */
  pruneEvery?: number;
}

const tableName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A store in a SQLite file through `@libsql/client` (loaded on first use): persistent across
 * restarts and shared by every process that opens the same file (WAL mode, busy timeout).
 * One table: key, value, expires_at, created_at. Expired rows are never returned and are pruned.
 * @example cache({ store: sqliteStore({ path: '.cache/llm.db' }) })
 */
export function sqliteStore({
  path,
  table = 'toolloop_cache',
  busyTimeoutMs = 5000,
  pruneEvery = 500,
}: SqliteStoreOptions): CacheStore {
  if (typeof path !== 'string' || path === '') {
    throw new InvalidOptionError({
      option: 'path',
      message: "sqliteStore: `path` must name a database file, e.g. { path: '.cache/llm.db' }.",
    });
  }
  if (!tableName.test(table)) {
    throw new InvalidOptionError({
      option: 'table',
      message: `sqliteStore: table must be a plain SQL identifier (letters, digits, _), got "${table}".`,
    });
  }
  let opening: Promise<Client> | undefined;
  let closed = false;
  let writes = 0;

  async function open(): Promise<Client> {
    // Loaded here, not at the top: importing @toolloop/cache must not pay for a native SQLite binding.
    const { createClient } = await loadOptional<typeof import('@libsql/client')>('@libsql/client', {
      feature: 'sqliteStore',
      requiredBy: '@toolloop/cache',
      load: (name) => import(name),
    });
    // `timeout` is the busy timeout of every connection the client's pool opens (it opens more
    // under concurrent calls); the PRAGMA below covers only the one connection it runs on.
    // A path is a path: as a file URL, '%2F' or '?' in it is text, never a separator or a query.
    const client = createClient({
      url: pathToFileURL(resolve(path)).href,
      timeout: Math.max(0, Math.floor(busyTimeoutMs)),
    });
    try {
      // busy_timeout first: switching a new file to WAL needs a lock another process may hold.
      await client.execute(`PRAGMA busy_timeout=${Math.max(0, Math.floor(busyTimeoutMs))}`);
      await client.execute('PRAGMA journal_mode=WAL');
      await client.execute(
        `CREATE TABLE IF NOT EXISTS ${table} (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at INTEGER, created_at INTEGER NOT NULL)`,
      );
      await client.execute(`CREATE INDEX IF NOT EXISTS ${table}_expires_at ON ${table} (expires_at)`);
      await prune(client);
      return client;
    } catch (error) {
      client.close();
      throw error;
    }
  }

  function db(): Promise<Client> {
    // A late call after close() must not reopen the file and leak the handle.
    if (closed) {
      return Promise.reject(
        new StoreUnavailableError({
          store: `sqliteStore(${path})`,
          reason: 'closed',
          message: `sqliteStore(${path}) is closed.`,
        }),
      );
    }
    if (!opening) {
      opening = open();
      // A failed open (unwritable directory, locked file) is retried on the next call.
      opening.catch(() => {
        opening = undefined;
      });
    }
    return opening;
  }

  async function prune(client: Client): Promise<void> {
    await client.execute({
      sql: `DELETE FROM ${table} WHERE expires_at IS NOT NULL AND expires_at <= ?`,
      args: [Date.now()],
    });
  }

  return {
    name: 'sqlite',
    async get(key) {
      const client = await db();
      const result = await client.execute({
        sql: `SELECT value, expires_at FROM ${table} WHERE key = ?`,
        args: [key],
      });
      const row = result.rows[0];
      if (!row) return undefined;
      const expiresAt = row.expires_at;
      if (expiresAt !== null && expiresAt !== undefined && Number(expiresAt) <= Date.now()) {
        await client.execute({
          sql: `DELETE FROM ${table} WHERE key = ? AND expires_at <= ?`,
          args: [key, Date.now()],
        });
        return undefined;
      }
      const value = row.value;
      return typeof value === 'string' ? value : value === null ? undefined : String(value);
    },
    async set(key, value, ttlMs) {
      const client = await db();
      const now = Date.now();
      await client.execute({
        sql: `INSERT INTO ${table} (key, value, expires_at, created_at) VALUES (?, ?, ?, ?)
              ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at, created_at = excluded.created_at`,
        args: [key, value, ttlMs === undefined ? null : now + ttlMs, now],
      });
      if (++writes % pruneEvery === 0) await prune(client);
    },
    async delete(key) {
      const client = await db();
      await client.execute({ sql: `DELETE FROM ${table} WHERE key = ?`, args: [key] });
    },
    async clear() {
      const client = await db();
      await client.execute(`DELETE FROM ${table}`);
    },
    async close() {
      closed = true;
      const pending = opening;
      opening = undefined;
      if (!pending) return;
      const client = await pending.catch(() => undefined);
      client?.close();
    },
  };
}
