import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Client } from '@libsql/client';
import { InvalidOptionError, StoreUnavailableError } from '@toolloop/core';
import { loadOptional } from '@toolloop/core/internal';
import type { LogRecord, ModelCallRecord, ToolCallRecord } from '../records/records.js';
import { RecordBatcher, type SinkStats } from './record-batcher.js';
import type { Sink } from './sink.js';
import { migrateUsageStore } from './sqlite-migrations.js';
import {
  modelCallArgs,
  modelCallInsert,
  rowToModelCall,
  rowToToolCall,
  toolCallArgs,
  toolCallInsert,
} from './sqlite-rows.js';

/** Options of sqliteUsageStore. */
export interface SqliteUsageStoreOptions {
  /** The SQLite file (created with its directories if missing). */
  path: string;
  /**
   * Most records waiting to be written (default 10,000). Records that arrive during a write go
   * into the next transaction together; beyond this bound they are dropped, counted in
   * `stats().dropped` and reported once per overflow to `onError` (a SinkOverflowError).
   */
  maxPending?: number;
}

/** Options of `summary()`: a time window and an optional grouping. */
export interface SummaryOptions {
  /** Inclusive lower bound on the call's start time. */
  since?: Date | string;
  /** Exclusive upper bound on the call's start time. */
  until?: Date | string;
  /** Only the calls of this batch (the `batchId` of `RunOptions.batchItem`). */
  batchId?: string;
  /**
   * One row per model, per UTC day, per batch or per batch item (`customId`; pair it with `batchId`,
   * as custom ids repeat across batches); omitted → one row for everything. `batch` and `customId`
   * leave out calls made outside a batch.
   */
  groupBy?: 'model' | 'day' | 'batch' | 'customId';
}

/** Options of `recentCalls()` and `recentToolCalls()`. */
export interface RecentCallsOptions {
  /** How many, newest first (default 50). */
  limit?: number;
  /** Only the calls of this batch (the `batchId` of `RunOptions.batchItem`). */
  batchId?: string;
}

/** Totals of one group. Tokens and cost count billed calls only (cache hits spent nothing). */
export interface UsageSummaryRow {
  /** The model id, the UTC day (`2026-01-31`), the batch id, the custom id or `'all'`. */
  key: string;
  calls: number;
  /** Calls with status error or aborted. */
  errors: number;
  cacheHits: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  totalTokens: number;
  /** Sum of known costs. */
  costUSD: number;
  /** Calls with usage but no known price: `costUSD` leaves them out. */
  unpricedCalls: number;
}

/** A SQLite usage store: a sink, plus the queries a dashboard needs. */
export interface SqliteUsageStore extends Sink {
  write(record: LogRecord): Promise<void>;
  close(): Promise<void>;
  /**
   * Totals of calls, tokens and cost, optionally within a time window or one batch, and grouped by
   * model, day, batch or batch item.
   * @example const [batch] = await store.summary({ batchId: 'batch_abc' }); // its tokens and costUSD
   */
  summary(options?: SummaryOptions): Promise<UsageSummaryRow[]>;
  /** The latest model calls, newest first (of one batch with `batchId`). */
  recentCalls(options?: RecentCallsOptions): Promise<ModelCallRecord[]>;
  /** The latest tool calls, newest first (of one batch with `batchId`). */
  recentToolCalls(options?: RecentCallsOptions): Promise<ToolCallRecord[]>;
  /** Records written, dropped, failed and pending so far. */
  stats(): SinkStats;
}

const iso = (value: Date | string): string =>
  (typeof value === 'string' ? new Date(value) : value).toISOString();

/** The key column of each `groupBy`; the batch ones skip rows outside a batch. */
const groupKeys: Record<NonNullable<SummaryOptions['groupBy']>, { key: string; where?: string }> = {
  model: { key: 'model' },
  day: { key: 'substr(timestamp, 1, 10)' },
  batch: { key: 'batch_id', where: 'batch_id IS NOT NULL' },
  customId: { key: 'custom_id', where: 'custom_id IS NOT NULL' },
};

/** `batchId`, when given, must be a non-empty string: a typo such as a number would match nothing. */
function checkBatchId(method: string, batchId: unknown): void {
  if (batchId === undefined || (typeof batchId === 'string' && batchId !== '')) return;
  throw new InvalidOptionError({
    option: 'batchId',
    message: `${method}({ batchId }) must be the batch's id as a non-empty string (what runBatch and getBatch report), got ${JSON.stringify(batchId)}.`,
  });
}

/**
 * Records in a SQLite file via `@libsql/client` (an optional peer, imported on first use).
 * Tables `model_calls` and `tool_calls`; see docs/usage-and-cost.md for the schema.
 * @example
 * const store = sqliteUsageStore({ path: '.toolloop/usage.db' });
 * const log = logging({ sink: [consoleSink(), store] });
 * console.table(await store.summary({ groupBy: 'model' }));
 */
export function sqliteUsageStore(options: SqliteUsageStoreOptions): SqliteUsageStore {
  const { path, maxPending = 10_000 } = options ?? {};
  if (typeof path !== 'string' || path === '') {
    throw new InvalidOptionError({
      option: 'path',
      message: 'sqliteUsageStore({ path }) needs the SQLite file to use, e.g. ".toolloop/usage.db".',
    });
  }
  if (!(Number.isSafeInteger(maxPending) && maxPending > 0)) {
    throw new InvalidOptionError({
      option: 'maxPending',
      message: `sqliteUsageStore({ maxPending }) must be a positive whole number of records, got ${maxPending}.`,
    });
  }
  let client: Promise<Client> | undefined;
  let closed = false;
  // One transaction per batch: under load, thousands of records cost one commit, not one each.
  const batcher = new RecordBatcher<LogRecord>({
    name: `sqliteUsageStore(${path})`,
    maxPending,
    async writeBatch(records) {
      const db = await open();
      await db.batch(
        records.map((record) =>
          record.type === 'model-call'
            ? { sql: modelCallInsert, args: modelCallArgs(record) }
            : { sql: toolCallInsert, args: toolCallArgs(record) },
        ),
        'write',
      );
    },
  });

  function open(): Promise<Client> {
    client ??= (async () => {
      const { createClient } = await loadOptional<typeof import('@libsql/client')>('@libsql/client', {
        feature: 'sqliteUsageStore',
        requiredBy: '@toolloop/logging',
        load: (name) => import(name),
      });
      const file = resolve(path);
      await mkdir(dirname(file), { recursive: true });
      // A file URL, so `#`, `?`, `%` and spaces in the path are taken literally, not as URL syntax.
      const db = createClient({ url: pathToFileURL(file).href });
      // WAL lets a dashboard read while the app writes; NORMAL sync is safe under WAL and spares an fsync per call.
      await db.executeMultiple(
        'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;',
      );
      // Creates the tables, or upgrades a store written by an older version (PRAGMA user_version).
      await migrateUsageStore(db);
      return db;
    })();
    return client;
  }

  /** The newest rows of a table (of one batch with `batchId`), once pending records are written. */
  async function recentRows(
    table: 'model_calls' | 'tool_calls',
    method: string,
    options: RecentCallsOptions,
  ) {
    const { limit = 50, batchId } = options;
    checkBatchId(method, batchId);
    const db = await open();
    await batcher.drain();
    const filter = batchId === undefined ? '' : 'WHERE batch_id = ?';
    const args = batchId === undefined ? [] : [batchId];
    const result = await db.execute({
      sql: `SELECT * FROM ${table} ${filter} ORDER BY timestamp DESC, id DESC LIMIT ?`,
      args: [...args, Math.max(1, Math.floor(limit))],
    });
    return result.rows as unknown as Record<string, unknown>[];
  }

  return {
    write(record) {
      if (closed) {
        return Promise.reject(
          new StoreUnavailableError({
            store: `sqliteUsageStore(${path})`,
            reason: 'closed',
            message: 'sqliteUsageStore is closed; the record was not written.',
          }),
        );
      }
      return batcher.push(record);
    },
    stats: () => batcher.stats(),

    async summary({ since, until, batchId, groupBy } = {}) {
      checkBatchId('summary', batchId);
      if (groupBy !== undefined && !Object.hasOwn(groupKeys, groupBy)) {
        throw new InvalidOptionError({
          option: 'groupBy',
          message: `summary({ groupBy }) must be one of ${Object.keys(groupKeys).join(', ')} (or omitted for one row), got ${JSON.stringify(groupBy)}.`,
        });
      }
      const group = groupBy === undefined ? undefined : groupKeys[groupBy];
      const db = await open();
      await batcher.drain();
      // Without GROUP BY the aggregate is one row even over no calls: `const [all] = await summary()` holds.
      const key = group?.key ?? "'all'";
      const where: string[] = group?.where ? [group.where] : [];
      const args: string[] = [];
      if (batchId !== undefined) {
        where.push('batch_id = ?');
        args.push(batchId);
      }
      if (since !== undefined) {
        where.push('timestamp >= ?');
        args.push(iso(since));
      }
      if (until !== undefined) {
        where.push('timestamp < ?');
        args.push(iso(until));
      }
      const billed = (column: string) => `COALESCE(SUM(CASE WHEN cache_hit = 0 THEN ${column} END), 0)`;
      const result = await db.execute({
        sql: `SELECT ${key} AS key, COUNT(*) AS calls,
            SUM(CASE WHEN status <> 'ok' THEN 1 ELSE 0 END) AS errors,
            SUM(cache_hit) AS cache_hits,
            ${billed('input_tokens')} AS input_tokens,
            ${billed('cached_input_tokens')} AS cached_input_tokens,
            ${billed('output_tokens')} AS output_tokens,
            ${billed('total_tokens')} AS total_tokens,
            COALESCE(ROUND(SUM(cost_usd), 10), 0) AS cost_usd,
            SUM(CASE WHEN cost_usd IS NULL AND total_tokens IS NOT NULL THEN 1 ELSE 0 END) AS unpriced_calls
          FROM model_calls ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
          ${group ? 'GROUP BY 1 ORDER BY 1' : ''}`,
        args,
      });
      return result.rows.map((row) => ({
        key: String(row.key),
        calls: Number(row.calls),
        errors: Number(row.errors),
        cacheHits: Number(row.cache_hits),
        inputTokens: Number(row.input_tokens),
        cachedInputTokens: Number(row.cached_input_tokens),
        outputTokens: Number(row.output_tokens),
        totalTokens: Number(row.total_tokens),
        costUSD: Number(row.cost_usd),
        unpricedCalls: Number(row.unpriced_calls),
      }));
    },

    async recentCalls(options = {}) {
      return (await recentRows('model_calls', 'recentCalls', options)).map(rowToModelCall);
    },

    async recentToolCalls(options = {}) {
      return (await recentRows('tool_calls', 'recentToolCalls', options)).map(rowToToolCall);
    },

    async close() {
      closed = true;
      await batcher.drain();
      if (client) (await client.catch(() => undefined))?.close();
    },
  };
}
