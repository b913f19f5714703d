import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Client, createClient } from '@libsql/client';
import { ToolloopError } from '@toolloop/core';
import { migrateUsageStore, UsageStoreError, usageSchemaVersion } from '@toolloop/logging';

/** Options of openUsageStore. */
export interface OpenUsageStoreOptions {
  /** The SQLite file written by `sqliteUsageStore`. */
  path: string;
  /** Upgrade a store of an older schema in place before opening it read-only (default false). */
  migrate?: boolean;
}

const sqliteHeader = 'SQLite format 3\0';

/**
 * Opens an existing usage store read-only (`PRAGMA query_only`), after checking that the file
 * exists, is SQLite, holds toolloop's tables and has the current schema. Never creates a file.
 * @example const db = await openUsageStore({ path: '.toolloop/usage.db' });
 */
export async function openUsageStore(options: OpenUsageStoreOptions): Promise<Client> {
  const file = resolve(options.path);
  let header: string;
  try {
    const handle = await open(file, 'r');
    try {
      const buffer = Buffer.alloc(16);
      const { bytesRead } = await handle.read(buffer, 0, 16, 0);
      header = buffer.subarray(0, bytesRead).toString('latin1');
    } finally {
      await handle.close();
    }
  } catch (cause) {
    throw new UsageStoreError({
      reason: 'missing',
      message: `No usage store at ${file}. Pass --db with the file your app's sqliteUsageStore({ path }) writes (e.g. --db .toolloop/usage.db); the dashboard never creates one.`,
      cause,
    });
  }
  if (header !== sqliteHeader) {
    throw new UsageStoreError({
      reason: 'not-sqlite',
      message: `${file} is not a SQLite database. Pass --db with the file written by sqliteUsageStore({ path }).`,
    });
  }
  const url = pathToFileURL(file).href;
  const db = createClient({ url });
  try {
    const tables = await db.execute(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('model_calls', 'tool_calls')",
    );
    if (tables.rows.length < 2) {
      throw new UsageStoreError({
        reason: 'not-toolloop',
        message: `${file} is SQLite but not a toolloop usage store (no model_calls/tool_calls tables). Pass --db with the file written by sqliteUsageStore({ path }).`,
      });
    }
    const version = Number((await db.execute('PRAGMA user_version')).rows[0]?.user_version ?? 0);
    if (version < usageSchemaVersion) {
      if (!options.migrate) {
        throw new UsageStoreError({
          reason: 'version',
          message: `${file} has usage store schema ${version}; the dashboard reads schema ${usageSchemaVersion}. Run again with --migrate to upgrade it in place (it adds columns, indexes and rollups; rows are kept), or open it once with the current @toolloop/logging.`,
        });
      }
      await migrateUsageStore(db);
    } else if (version > usageSchemaVersion) {
      throw new UsageStoreError({
        reason: 'version',
        message: `${file} has usage store schema ${version}, newer than the ${usageSchemaVersion} this dashboard reads. Upgrade toolloop.`,
      });
    }
    // Read-only from here on: no statement of this handle can change the store.
    await db.executeMultiple('PRAGMA query_only = ON; PRAGMA busy_timeout = 5000;');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
