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
  /** One row per model or per UTC day; omitted → one row for everything. */
  groupBy?: 'model' | 'day';
}

/** Totals of one group. Tokens and cost count billed calls only (cache hits spent nothing). */
export interface UsageSummaryRow {
  /** The model id, the UTC day (`2026-01-31`) or `'all'`. */
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
  /** Totals of calls, tokens and cost, optionally within a time window and grouped by model or day. */
  summary(options?: SummaryOptions): Promise<UsageSummaryRow[]>;
  /** The latest model calls, newest first. */
  recentCalls(options?: { limit?: number }): Promise<ModelCallRecord[]>;
  /** The latest tool calls, newest first. */
  recentToolCalls(options?: { limit?: number }): Promise<ToolCallRecord[]>;
  /** Records written, dropped, failed and pending so far. */
  stats(): SinkStats;
}

const iso = (value: Date | string): string =>
  (typeof value === 'string' ? new Date(value) : value).toISOString();

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

  async function limitedRows(sql: string, limit: number) {
    const db = await open();
    await batcher.drain();
    return (await db.execute({ sql, args: [Math.max(1, Math.floor(limit))] })).rows as unknown as Record<
      string,
      unknown
    >[];
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

    async summary({ since, until, groupBy } = {}) {
      const db = await open();
      await batcher.drain();
      // Without GROUP BY the aggregate is one row even over no calls: `const [all] = await summary()` holds.
      const key = groupBy === 'model' ? 'model' : groupBy === 'day' ? 'substr(timestamp, 1, 10)' : "'all'";
      const where: string[] = [];
      const args: string[] = [];
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
          ${groupBy === 'model' || groupBy === 'day' ? 'GROUP BY 1 ORDER BY 1' : ''}`,
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

    async recentCalls({ limit = 50 } = {}) {
      const rows = await limitedRows(
        'SELECT * FROM model_calls ORDER BY timestamp DESC, id DESC LIMIT ?',
        limit,
      );
      return rows.map(rowToModelCall);
    },

    async recentToolCalls({ limit = 50 } = {}) {
      const rows = await limitedRows(
        'SELECT * FROM tool_calls ORDER BY timestamp DESC, id DESC LIMIT ?',
        limit,
      );
      return rows.map(rowToToolCall);
    },

    async close() {
      closed = true;
      await batcher.drain();
      if (client) (await client.catch(() => undefined))?.close();
    },
  };
}
