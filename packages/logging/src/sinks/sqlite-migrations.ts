import type { Client, Transaction } from '@libsql/client';
import { rollupBackfill, rollupSchema } from './sqlite-rollups.js';
import { toolCallsBatchIndex, toolCallsMigration, usageIndexes, usageSchema } from './sqlite-schema.js';
import { UsageStoreError } from './usage-store-error.js';

/** The usage store schema this package writes, kept in SQLite's `PRAGMA user_version`. */
export const usageSchemaVersion = 2;

/**
 * Steps from one version to the next: `steps[n]` takes a store of version `n - 1` to `n`.
 * Version 0 is every store that set no user_version: the first release's (tool-call columns `name`
 * and `ok`) and the ones written since the rename (`tool_name`, `is_error`).
 */
const steps: Record<number, (tx: Transaction) => Promise<void>> = {
  1: async (tx) => {
    const columns = await tx.execute('PRAGMA table_info(tool_calls)');
    if (columns.rows.some((column) => column.name === 'ok')) await tx.executeMultiple(toolCallsMigration);
    await tx.executeMultiple(`
ALTER TABLE model_calls ADD COLUMN batch_id TEXT;
ALTER TABLE model_calls ADD COLUMN custom_id TEXT;
ALTER TABLE tool_calls ADD COLUMN batch_id TEXT;
ALTER TABLE tool_calls ADD COLUMN custom_id TEXT;
${usageIndexes}
${rollupSchema}
${rollupBackfill}`);
  },
  // Version 2: per-batch queries (`summary({ batchId })`, `recentToolCalls({ batchId })`) use indexes on both tables.
  2: async (tx) => {
    await tx.execute(toolCallsBatchIndex);
  },
};

/** What `migrateUsageStore` did: versions before and after (`created` when the tables were new). */
export interface UsageStoreMigration {
  from: number;
  to: number;
  created: boolean;
}

/**
 * Brings a usage store to `usageSchemaVersion`: creates the tables in an empty database, or upgrades
 * an older store step by step (columns, indexes), each step in one write transaction that re-reads
 * the version first, so a writer and a dashboard opening the same old store both succeed.
 * A store from a newer schema is left alone with an error that says to upgrade.
 * @example const { from, to } = await migrateUsageStore(createClient({ url: 'file:usage.db' }));
 */
export async function migrateUsageStore(db: Client): Promise<UsageStoreMigration> {
  const tx = await db.transaction('write');
  try {
    const from = Number((await tx.execute('PRAGMA user_version')).rows[0]?.user_version ?? 0);
    if (from > usageSchemaVersion) {
      throw new UsageStoreError({
        reason: 'version',
        message: `The usage store has schema version ${from}, newer than the ${usageSchemaVersion} this @toolloop/logging knows: it was written by a newer toolloop. Upgrade @toolloop/logging (and @toolloop/dashboard) to read it.`,
      });
    }
    const tables = await tx.execute(
      "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'model_calls'",
    );
    const created = tables.rows.length === 0;
    if (created) await tx.executeMultiple(usageSchema);
    else for (let version = from + 1; version <= usageSchemaVersion; version++) await steps[version]!(tx);
    if (from !== usageSchemaVersion) await tx.execute(`PRAGMA user_version = ${usageSchemaVersion}`);
    await tx.commit();
    return { from, to: usageSchemaVersion, created };
  } finally {
    tx.close();
  }
}
