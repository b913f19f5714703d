import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import type { Tool } from '@toolloop/core';
import { createAgent } from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { logging } from '../middleware/logging.js';
import { modelCallRecord } from '../test-utils.js';
import { sqliteUsageStore } from './sqlite-usage-store.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'toolloop-sqlite-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const call = modelCallRecord;

const weather: Tool<{ city: string }> = {
  name: 'get_weather',
  description: 'weather',
  jsonSchema: { type: 'object', properties: { city: { type: 'string' } } },
  parseInput: (input) => ({ success: true, data: input as { city: string } }),
  execute: ({ city }) => ({ city, temperature: 21 }),
};

describe('sqliteUsageStore', () => {
  it('creates the documented tables and indexes in a new file (and its directories)', async () => {
    const path = join(dir, 'deep', 'usage.db');
    const store = sqliteUsageStore({ path });
    await store.write(call({}));
    await store.close();
    const db = createClient({ url: `file:${path}` });
    const objects = (
      await db.execute(
        "SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name",
      )
    ).rows;
    const columns = (await db.execute('SELECT name FROM pragma_table_info(?)', ['model_calls'])).rows.map(
      (r) => r.name,
    );
    const indexColumns = async (index: string) =>
      (await db.execute('SELECT name FROM pragma_index_info(?)', [index])).rows.map((r) => r.name);
    expect(await indexColumns('model_calls_model_timestamp')).toEqual(['model', 'timestamp']);
    expect(await indexColumns('model_calls_timestamp')).toEqual(['timestamp']);
    expect(await indexColumns('model_calls_run_id')).toEqual(['run_id']);
    db.close();
    expect(objects.map((o) => `${o.type} ${o.name}`)).toEqual([
      'table model_calls',
      'index model_calls_batch_id',
      'index model_calls_errors',
      'index model_calls_latency',
      'index model_calls_model_timestamp',
      'trigger model_calls_rollup_delete',
      'trigger model_calls_rollup_insert',
      'trigger model_calls_rollup_update',
      'index model_calls_run_id',
      'index model_calls_timestamp',
      'index model_calls_ttft',
      'table run_totals',
      'index run_totals_cost',
      'index run_totals_started_at',
      'table tool_calls',
      'index tool_calls_batch_id',
      'index tool_calls_duration',
      'trigger tool_calls_rollup_delete',
      'trigger tool_calls_rollup_insert',
      'trigger tool_calls_rollup_update',
      'index tool_calls_run_id',
      'index tool_calls_timestamp',
      'table tool_usage_hourly',
      'table usage_hourly',
    ]);
    expect(columns).toEqual(
      expect.arrayContaining([
        'timestamp',
        'run_id',
        'step',
        'model',
        'latency_ms',
        'time_to_first_token_ms',
        'status',
        'input_tokens',
        'cached_input_tokens',
        'output_tokens',
        'total_tokens',
        'cost_usd',
        'cache_hit',
        'retries',
        'error_code',
        'http_status',
      ]),
    );
  });

  it('stores what an agent run logs, model and tool calls, and reads them back as records', async () => {
    const store = sqliteUsageStore({ path: join(dir, 'usage.db') });
    const log = logging({ sink: store, logPrompts: true });
    const model = scriptedModel({
      modelId: 'gpt-4o-mini',
      turns: [
        {
          toolCalls: [{ toolName: 'get_weather', arguments: { city: '서울' } }],
          usage: { inputTokens: 1000, cachedInputTokens: 200, outputTokens: 500 },
        },
        { text: '서울은 21°C입니다.', usage: { inputTokens: 1600, outputTokens: 100 } },
      ],
    });
    const result = await createAgent({ model, tools: [weather], middleware: [log] }).run('서울 날씨 어때?');
    await log.flush();
    const recent = await store.recentCalls({ limit: 10 });
    expect(recent.map((r) => r.step)).toEqual([2, 1]);
    expect(recent[1]).toMatchObject({
      runId: result.runId,
      inputTokens: 1000,
      cachedInputTokens: 200,
      outputTokens: 500,
      status: 'ok',
      cacheHit: false,
    });
    expect(recent[1]?.messages?.[0]).toEqual({ role: 'user', content: '서울 날씨 어때?' });
    expect(recent[0]?.output?.text).toBe('서울은 21°C입니다.');
    expect(await store.recentToolCalls()).toEqual([
      expect.objectContaining({
        toolName: 'get_weather',
        toolCallId: 'call_1_1',
        isError: false,
        arguments: '{"city":"서울"}',
        output: { city: '서울', temperature: 21 },
      }),
    ]);
    const [all] = await store.summary();
    expect(all).toMatchObject({ key: 'all', calls: 2, errors: 0, inputTokens: 2600, outputTokens: 600 });
    expect(all?.costUSD).toBeCloseTo(result.cost ?? Number.NaN, 15);
    await log.close();
  });

  it('summarises by model and by UTC day within [since, until), counting errors, cache hits and unpriced calls', async () => {
    const store = sqliteUsageStore({ path: join(dir, 'usage.db') });
    await store.write(call({ timestamp: '2026-01-29T23:59:59.000Z' }));
    await store.write(call({ timestamp: '2026-01-30T08:00:00.000Z', model: 'gpt-4o', costUSD: 0.01 }));
    await store.write(
      call({
        timestamp: '2026-01-30T09:00:00.000Z',
        status: 'error',
        errorCode: 'api-call',
        httpStatus: 500,
        inputTokens: null,
        cachedInputTokens: null,
        outputTokens: null,
        totalTokens: null,
        costUSD: null,
      }),
    );
    await store.write(call({ timestamp: '2026-01-30T10:00:00.000Z', cacheHit: true, costUSD: 0 }));
    await store.write(call({ timestamp: '2026-01-31T01:00:00.000Z', model: 'my-llama', costUSD: null }));
    await store.write(call({ timestamp: '2026-02-01T00:00:00.000Z' }));

    const byModel = await store.summary({
      since: '2026-01-30T00:00:00.000Z',
      until: new Date('2026-02-01T00:00:00.000Z'),
      groupBy: 'model',
    });
    expect(byModel).toEqual([
      {
        key: 'gpt-4o',
        calls: 1,
        errors: 0,
        cacheHits: 0,
        inputTokens: 100,
        cachedInputTokens: 0,
        outputTokens: 10,
        totalTokens: 110,
        costUSD: 0.01,
        unpricedCalls: 0,
      },
      // the cache hit is a call but spent no tokens; the error spent unknown tokens (null, not 0)
      {
        key: 'gpt-4o-mini',
        calls: 2,
        errors: 1,
        cacheHits: 1,
        inputTokens: 0,
        cachedInputTokens: 0,
        outputTokens: 0,
        totalTokens: 0,
        costUSD: 0,
        unpricedCalls: 0,
      },
      {
        key: 'my-llama',
        calls: 1,
        errors: 0,
        cacheHits: 0,
        inputTokens: 100,
        cachedInputTokens: 0,
        outputTokens: 10,
        totalTokens: 110,
        costUSD: 0,
        unpricedCalls: 1,
      },
    ]);
    const byDay = await store.summary({ groupBy: 'day' });
    expect(byDay.map((row) => [row.key, row.calls, row.totalTokens])).toEqual([
      ['2026-01-29', 1, 110],
      ['2026-01-30', 3, 110],
      ['2026-01-31', 1, 110],
      ['2026-02-01', 1, 110],
    ]);
    expect((await store.recentCalls({ limit: 2 })).map((r) => r.timestamp)).toEqual([
      '2026-02-01T00:00:00.000Z',
      '2026-01-31T01:00:00.000Z',
    ]);
    await store.close();
  });

  it('migrates a 0.1.0 file: tool-call columns name/ok become tool_name/is_error, rows kept', async () => {
    const path = join(dir, 'old.db');
    const old = createClient({ url: `file:${path}` });
    // The 0.1.0 tables (tool-call columns `name` and `ok`), as that release created them.
    await old.executeMultiple(
      await readFile(join(import.meta.dirname, '__fixtures__', 'usage-schema-v0.sql'), 'utf8'),
    );
    await old.executeMultiple(`
      INSERT INTO tool_calls (timestamp, run_id, step, name, tool_call_id, duration_ms, status, ok)
        VALUES ('2026-01-30T10:00:00.000Z', 'run_a', 1, 'get_weather', 'c1', 5, 'ok', 1),
               ('2026-01-30T10:00:01.000Z', 'run_a', 1, 'get_weather', 'c2', 5, 'error', 0);
    `);
    old.close();
    const store = sqliteUsageStore({ path });
    const rows = await store.recentToolCalls();
    expect(rows.map(({ toolCallId, toolName, isError }) => ({ toolCallId, toolName, isError }))).toEqual([
      { toolCallId: 'c2', toolName: 'get_weather', isError: true },
      { toolCallId: 'c1', toolName: 'get_weather', isError: false },
    ]);
    await store.close();
  });

  it('rejects writes after close', async () => {
    const store = sqliteUsageStore({ path: join(dir, 'usage.db') });
    await store.close();
    await expect(store.write(call({}))).rejects.toThrow(/closed/);
  });
});
