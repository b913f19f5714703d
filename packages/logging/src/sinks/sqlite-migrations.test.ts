import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Client, createClient } from '@libsql/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelCallRecord, ToolCallRecord } from '../records/records.js';
import { modelCallRecord } from '../test-utils.js';
import { migrateUsageStore, usageSchemaVersion } from './sqlite-migrations.js';
import { sqliteUsageStore } from './sqlite-usage-store.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'toolloop-migrate-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const v0Schema = () => readFile(join(import.meta.dirname, '__fixtures__', 'usage-schema-v0.sql'), 'utf8');

/** A store exactly as the first release wrote it: v0 tables, no user_version, a few rows. */
async function v0Store(path: string): Promise<void> {
  const db = createClient({ url: `file:${path}` });
  await db.executeMultiple(await v0Schema());
  const insert = `INSERT INTO model_calls (timestamp, run_id, step, provider, model, streaming, latency_ms,
    time_to_first_token_ms, status, input_tokens, cached_input_tokens, output_tokens, total_tokens, cost_usd,
    cache_hit, retries, error_code, error_message) VALUES (?, ?, 1, 'openai', ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, 0, ?, ?)`;
  await db.batch(
    [
      [
        '2026-01-30T10:00:00.000Z',
        'run_a',
        'gpt-4o-mini',
        0,
        100,
        null,
        'ok',
        100,
        10,
        110,
        0.001,
        0,
        null,
        null,
      ],
      ['2026-01-30T10:30:00.000Z', 'run_a', 'gpt-4o-mini', 1, 300, 50, 'ok', 100, 10, 110, 0, 1, null, null],
      ['2026-01-30T11:00:00.000Z', 'run_b', 'my-llama', 0, 200, null, 'ok', 50, 5, 55, null, 0, null, null],
      [
        '2026-01-31T01:00:00.000Z',
        'run_c',
        'gpt-4o',
        0,
        900,
        null,
        'error',
        null,
        null,
        null,
        null,
        0,
        'api-call',
        'boom',
      ],
    ].map((args) => ({ sql: insert, args })),
  );
  await db.execute(`INSERT INTO tool_calls (timestamp, run_id, step, name, tool_call_id, duration_ms, status, ok)
    VALUES ('2026-01-30T10:10:00.000Z', 'run_a', 1, 'get_weather', 'call_1', 12, 'ok', 1)`);
  db.close();
}

/** A store exactly as schema version 1 wrote it (user_version 1, batch columns, no tool-call batch index), with rows. */
async function v1Store(path: string): Promise<void> {
  const db = createClient({ url: `file:${path}` });
  await db.executeMultiple(
    await readFile(join(import.meta.dirname, '__fixtures__', 'usage-schema-v1.sql'), 'utf8'),
  );
  const insert = `INSERT INTO model_calls (timestamp, run_id, step, provider, model, streaming, latency_ms, status,
    input_tokens, cached_input_tokens, output_tokens, total_tokens, cost_usd, cache_hit, retries, batch_id, custom_id)
    VALUES (?, ?, 1, 'openai', 'gpt-4o-mini', 0, 100, 'ok', ?, 0, 10, ?, ?, 0, 0, ?, ?)`;
  await db.batch(
    [
      ['2026-01-30T10:00:00.000Z', 'run_a', 100, 110, 0.001, 'batch_1', 'req-1'],
      ['2026-01-30T10:01:00.000Z', 'run_b', 200, 210, 0.002, 'batch_1', 'req-2'],
      ['2026-01-30T10:02:00.000Z', 'run_c', 300, 310, 0.003, null, null],
    ].map((args) => ({ sql: insert, args })),
  );
  await db.execute(`INSERT INTO tool_calls (timestamp, run_id, step, tool_call_id, tool_name, duration_ms, status,
    is_error, batch_id, custom_id) VALUES ('2026-01-30T10:00:30.000Z', 'run_a', 1, 'call_1', 'get_weather', 12, 'ok', 0,
    'batch_1', 'req-1')`);
  db.close();
}

const rows = async (db: Client, sql: string) => (await db.execute(sql)).rows.map((row) => ({ ...row }));

/** The rollups as triggers keep them, next to the same totals computed from the raw rows. */
async function rollupsAndRaw(db: Client) {
  return {
    hourly: await rows(
      db,
      'SELECT hour, model, calls, errors, cache_hits, streaming_calls, ttft_calls, input_tokens, output_tokens, total_tokens, round(cost_usd, 9) AS cost_usd, unpriced_calls FROM usage_hourly ORDER BY 1, 2',
    ),
    hourlyRaw: await rows(
      db,
      `SELECT substr(timestamp, 1, 13) AS hour, model, COUNT(*) AS calls, SUM(status <> 'ok') AS errors,
        SUM(cache_hit) AS cache_hits, SUM(streaming) AS streaming_calls, COUNT(time_to_first_token_ms) AS ttft_calls,
        COALESCE(SUM(CASE WHEN cache_hit = 0 THEN input_tokens END), 0) AS input_tokens,
        COALESCE(SUM(CASE WHEN cache_hit = 0 THEN output_tokens END), 0) AS output_tokens,
        COALESCE(SUM(CASE WHEN cache_hit = 0 THEN total_tokens END), 0) AS total_tokens,
        round(COALESCE(SUM(cost_usd), 0), 9) AS cost_usd,
        SUM(cost_usd IS NULL AND total_tokens IS NOT NULL) AS unpriced_calls
      FROM model_calls GROUP BY 1, 2 ORDER BY 1, 2`,
    ),
    runs: await rows(
      db,
      'SELECT run_id, started_at, model_calls, tool_calls, errors, round(cost_usd, 9) AS cost_usd FROM run_totals ORDER BY 1',
    ),
    runsRaw: await rows(
      db,
      `SELECT run_id, min(timestamp) AS started_at, SUM(model) AS model_calls, SUM(tool) AS tool_calls,
        SUM(errors) AS errors, round(SUM(cost), 9) AS cost_usd FROM (
          SELECT run_id, timestamp, 1 AS model, 0 AS tool, status <> 'ok' AS errors, COALESCE(cost_usd, 0) AS cost FROM model_calls
          UNION ALL SELECT run_id, timestamp, 0, 1, 0, 0 FROM tool_calls)
      GROUP BY run_id ORDER BY 1`,
    ),
    tools: await rows(
      db,
      'SELECT hour, tool_name, calls, errors, duration_ms FROM tool_usage_hourly ORDER BY 1, 2',
    ),
    toolsRaw: await rows(
      db,
      `SELECT substr(timestamp, 1, 13) AS hour, tool_name, COUNT(*) AS calls, SUM(status <> 'ok') AS errors,
        SUM(duration_ms) AS duration_ms FROM tool_calls GROUP BY 1, 2 ORDER BY 1, 2`,
    ),
  };
}

function expectRollupsMatch(state: Awaited<ReturnType<typeof rollupsAndRaw>>) {
  expect(state.hourly).toEqual(state.hourlyRaw);
  expect(state.runs).toEqual(state.runsRaw);
  expect(state.tools).toEqual(state.toolsRaw);
}

/** Columns and indexes of every table, to compare a migrated store with a new one. */
async function shape(db: Client) {
  const objects = await rows(
    db,
    "SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
  );
  const tables = objects.filter((o) => o.type === 'table').map((o) => String(o.name));
  const columns: Record<string, unknown> = {};
  // By name, not position: SQLite renames in place and adds at the end, so a migrated table's order differs.
  for (const table of tables)
    columns[table] = await rows(
      db,
      `SELECT name, type, "notnull", pk FROM pragma_table_info('${table}') ORDER BY name`,
    );
  return { objects, columns };
}

const modelCall = (overrides: Partial<ModelCallRecord> = {}): ModelCallRecord =>
  modelCallRecord({
    timestamp: '2026-01-31T02:00:00.000Z',
    runId: 'run_d',
    latencyMs: 120,
    inputTokens: 10,
    outputTokens: 2,
    totalTokens: 12,
    costUSD: 0.0001,
    ...overrides,
  });

describe('usage store migrations', () => {
  it('upgrades a store written by the first schema on open: columns, indexes, rollups of the old rows, version', async () => {
    const path = join(dir, 'usage.db');
    await v0Store(path);
    const store = sqliteUsageStore({ path });
    expect((await store.summary())[0]).toMatchObject({ calls: 4, errors: 1, unpricedCalls: 1 });
    await store.write(modelCall({ batchId: 'batch_1', customId: 'item-7' }));
    const tool: ToolCallRecord = {
      type: 'tool-call',
      timestamp: '2026-01-31T02:00:01.000Z',
      runId: 'run_d',
      step: 1,
      toolName: 'get_weather',
      toolCallId: 'call_9',
      durationMs: 30,
      status: 'error',
      isError: true,
      errorCode: 'tool-execution',
      errorMessage: 'no',
      batchId: 'batch_1',
      customId: 'item-7',
    };
    await store.write(tool);
    const [latest] = await store.recentCalls({ limit: 1 });
    expect(latest).toMatchObject({ runId: 'run_d', batchId: 'batch_1', customId: 'item-7' });
    expect((await store.recentCalls({ limit: 5 }))[1]).not.toHaveProperty('batchId');
    expect((await store.recentToolCalls({ limit: 1 }))[0]).toMatchObject({
      batchId: 'batch_1',
      customId: 'item-7',
    });
    await store.close();

    const db = createClient({ url: `file:${path}` });
    expect((await db.execute('PRAGMA user_version')).rows[0]?.user_version).toBe(usageSchemaVersion);
    const state = await rollupsAndRaw(db);
    expect(state.runs.map((run) => run.run_id)).toEqual(['run_a', 'run_b', 'run_c', 'run_d']);
    expectRollupsMatch(state);
    const migrated = await shape(db);
    db.close();

    const fresh = createClient({ url: `file:${join(dir, 'fresh.db')}` });
    expect(await migrateUsageStore(fresh)).toEqual({ from: 0, to: usageSchemaVersion, created: true });
    expect(await shape(fresh)).toEqual(migrated);
    fresh.close();
  });

  it('upgrades a version 1 store in place: its rows kept, the tool-call batch index added, per-batch queries on it', async () => {
    const path = join(dir, 'usage.db');
    await v1Store(path);
    const db = createClient({ url: `file:${path}` });
    const before = await rows(db, 'SELECT * FROM model_calls ORDER BY id');
    const toolsBefore = await rows(db, 'SELECT * FROM tool_calls ORDER BY id');
    expect(await migrateUsageStore(db)).toEqual({ from: 1, to: usageSchemaVersion, created: false });
    expect(usageSchemaVersion).toBe(2);
    expect((await db.execute('PRAGMA user_version')).rows[0]?.user_version).toBe(2);
    expect(await rows(db, 'SELECT * FROM model_calls ORDER BY id')).toEqual(before);
    expect(await rows(db, 'SELECT * FROM tool_calls ORDER BY id')).toEqual(toolsBefore);
    expectRollupsMatch(await rollupsAndRaw(db));
    const migrated = await shape(db);
    db.close();

    const fresh = createClient({ url: `file:${join(dir, 'fresh.db')}` });
    await migrateUsageStore(fresh);
    expect(await shape(fresh)).toEqual(migrated);
    fresh.close();

    const store = sqliteUsageStore({ path });
    expect(await store.summary({ batchId: 'batch_1' })).toEqual([
      expect.objectContaining({ calls: 2, inputTokens: 300, costUSD: 0.003 }),
    ]);
    expect((await store.recentToolCalls({ batchId: 'batch_1' })).map((call) => call.customId)).toEqual([
      'req-1',
    ]);
    await store.close();

    // Last: libsql keeps an EXPLAIN's statement (and its lock) open until the process collects it.
    const reader = createClient({ url: `file:${path}` });
    const plan = await rows(reader, "EXPLAIN QUERY PLAN SELECT * FROM tool_calls WHERE batch_id = 'batch_1'");
    expect(plan.map((step) => step.detail).join(' ')).toMatch(/USING INDEX tool_calls_batch_id/);
    reader.close();
  });

  it('leaves an up-to-date store as it is', async () => {
    const path = join(dir, 'usage.db');
    await v0Store(path);
    const db = createClient({ url: `file:${path}` });
    expect(await migrateUsageStore(db)).toEqual({ from: 0, to: usageSchemaVersion, created: false });
    const before = await shape(db);
    expect(await migrateUsageStore(db)).toEqual({
      from: usageSchemaVersion,
      to: usageSchemaVersion,
      created: false,
    });
    expect(await shape(db)).toEqual(before);
    expectRollupsMatch(await rollupsAndRaw(db));
    db.close();
  });

  it('keeps the rollups equal to the raw rows through inserts, deletes and updates', async () => {
    const path = join(dir, 'usage.db');
    const store = sqliteUsageStore({ path });
    await store.write(modelCall({ runId: 'run_x', timestamp: '2026-01-31T02:10:00.000Z' }));
    await store.write(
      modelCall({ runId: 'run_x', timestamp: '2026-01-31T02:05:00.000Z', cacheHit: true, costUSD: 0 }),
    );
    await store.write(
      modelCall({ runId: 'run_y', model: 'my-llama', costUSD: null, streaming: true, timeToFirstTokenMs: 9 }),
    );
    await store.close();
    const db = createClient({ url: `file:${path}` });
    expectRollupsMatch(await rollupsAndRaw(db));
    await db.execute("UPDATE model_calls SET model = 'gpt-4o', cost_usd = 0.5 WHERE run_id = 'run_y'");
    expectRollupsMatch(await rollupsAndRaw(db));
    await db.execute("DELETE FROM model_calls WHERE timestamp = '2026-01-31T02:05:00.000Z'");
    const state = await rollupsAndRaw(db);
    expectRollupsMatch(state);
    expect(state.runs.find((run) => run.run_id === 'run_x')?.started_at).toBe('2026-01-31T02:10:00.000Z');
    await db.execute("DELETE FROM model_calls WHERE run_id = 'run_y'");
    expect((await rollupsAndRaw(db)).runs.map((run) => run.run_id)).toEqual(['run_x']);
    db.close();
  });

  it('refuses a store from a newer schema, naming both versions and the fix', async () => {
    const path = join(dir, 'usage.db');
    const db = createClient({ url: `file:${path}` });
    await db.execute(`PRAGMA user_version = ${usageSchemaVersion + 1}`);
    await expect(migrateUsageStore(db)).rejects.toThrow(
      new RegExp(
        `schema version ${usageSchemaVersion + 1}, newer than the ${usageSchemaVersion}.*Upgrade @toolloop/logging`,
      ),
    );
    db.close();
  });
});
