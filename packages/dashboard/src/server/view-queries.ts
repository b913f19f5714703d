import type { Client, InValue } from '@libsql/client';
import type { CallFilter, ViewFilter } from './query-params.js';

type Row = Record<string, unknown>;

/** WHERE clause and arguments of the time window and model filter. */
function where(filter: ViewFilter, table = 'model_calls'): { sql: string; args: InValue[] } {
  const parts = [`${table}.timestamp >= ?`, `${table}.timestamp < ?`];
  const args: InValue[] = [filter.from, filter.to];
  if (filter.model !== undefined && table === 'model_calls') {
    parts.push('model_calls.model = ?');
    args.push(filter.model);
  }
  return { sql: parts.join(' AND '), args };
}

async function all(db: Client, sql: string, args: InValue[]): Promise<Row[]> {
  return (await db.execute({ sql, args })).rows as unknown as Row[];
}

const plain = (rows: Row[]) => rows.map((row) => ({ ...row }));

/**
 * The p-th percentile (nearest rank) of a column over `count` filtered calls with a value, or null.
 * A small window sorts its rows (timestamp index); a large one walks the column's index in value
 * order and stops at the rank (`+timestamp` keeps the planner off the timestamp index).
 */
async function percentile(db: Client, filter: ViewFilter, column: string, p: number, count: number) {
  if (count === 0) return null;
  const offset = Math.max(0, Math.ceil(p * count) - 1);
  const w = where(filter);
  const clause = count > 50_000 ? w.sql.replaceAll('model_calls.', '+model_calls.') : w.sql;
  const row = await all(
    db,
    `SELECT ${column} AS v FROM model_calls WHERE ${clause} AND ${column} IS NOT NULL ORDER BY ${column} LIMIT 1 OFFSET ?`,
    [...w.args, offset],
  );
  return row[0] ? Number(row[0].v) : null;
}

const hourMs = 3_600_000;

/**
 * The filtered model calls as rows of (bucket, day, model, counters): whole UTC hours come from the
 * trigger-kept `usage_hourly` rollup, the partial hours at the edges from `model_calls`, so a month
 * sums a few thousand rows instead of a million. Minute buckets read `model_calls` only.
 */
function callTotals(filter: ViewFilter): { sql: string; args: InValue[] } {
  const raw = (range: string, rangeArgs: InValue[]) => ({
    sql: `SELECT substr(timestamp, 1, ${filter.bucket}) AS bucket, substr(timestamp, 1, 10) AS day, model, 1 AS calls,
        (status <> 'ok') AS errors, cache_hit AS cache_hits,
        CASE WHEN cache_hit = 0 THEN COALESCE(input_tokens, 0) ELSE 0 END AS input_tokens,
        CASE WHEN cache_hit = 0 THEN COALESCE(cached_input_tokens, 0) ELSE 0 END AS cached_input_tokens,
        CASE WHEN cache_hit = 0 THEN COALESCE(output_tokens, 0) ELSE 0 END AS output_tokens,
        CASE WHEN cache_hit = 0 THEN COALESCE(total_tokens, 0) ELSE 0 END AS total_tokens,
        COALESCE(cost_usd, 0) AS cost_usd, (cost_usd IS NULL AND total_tokens IS NOT NULL) AS unpriced_calls,
        (time_to_first_token_ms IS NOT NULL) AS ttft_calls
      FROM model_calls WHERE (${range})${filter.model === undefined ? '' : ' AND model = ?'}`,
    args: [...rangeArgs, ...(filter.model === undefined ? [] : [filter.model])],
  });
  const from = Date.parse(filter.from);
  const to = Date.parse(filter.to);
  const fullFrom = Math.ceil(from / hourMs) * hourMs;
  const fullTo = Math.floor(to / hourMs) * hourMs;
  if (filter.bucket === 16 || fullFrom >= fullTo)
    return raw('timestamp >= ? AND timestamp < ?', [filter.from, filter.to]);
  const iso = (ms: number) => new Date(ms).toISOString();
  // Two plain ranges, not one OR: each walks the timestamp index over its partial hour only.
  const head = raw('timestamp >= ? AND timestamp < ?', [filter.from, iso(fullFrom)]);
  const tail = raw('timestamp >= ? AND timestamp < ?', [iso(fullTo), filter.to]);
  return {
    sql: `SELECT substr(hour, 1, ${filter.bucket}) AS bucket, substr(hour, 1, 10) AS day, model, calls, errors, cache_hits,
        input_tokens, cached_input_tokens, output_tokens, total_tokens, cost_usd, unpriced_calls, ttft_calls
      FROM usage_hourly WHERE hour >= ? AND hour < ?${filter.model === undefined ? '' : ' AND model = ?'}
      UNION ALL ${head.sql} UNION ALL ${tail.sql}`,
    args: [
      iso(fullFrom).slice(0, 13),
      iso(fullTo).slice(0, 13),
      ...(filter.model === undefined ? [] : [filter.model]),
      ...head.args,
      ...tail.args,
    ],
  };
}

/** The models that have calls, for the model filter. */
export async function listModels(db: Client): Promise<string[]> {
  // From the hourly rollup (a few rows per hour and model), not a walk over every call.
  return (await all(db, 'SELECT DISTINCT model FROM usage_hourly ORDER BY 1', [])).map((row) =>
    String(row.model),
  );
}

/** Usage tab: KPIs of the window and requests/tokens per bucket and model. */
export async function usageView(db: Client, filter: ViewFilter) {
  const t = callTotals(filter);
  const [kpi] = await all(
    db,
    `SELECT COALESCE(SUM(calls), 0) AS requests, COALESCE(SUM(input_tokens), 0) AS inputTokens,
      COALESCE(SUM(output_tokens), 0) AS outputTokens, COALESCE(SUM(cached_input_tokens), 0) AS cachedInputTokens,
      COALESCE(SUM(errors), 0) AS errors, COALESCE(SUM(cache_hits), 0) AS cacheHits,
      COALESCE(SUM(ttft_calls), 0) AS ttftCalls FROM (${t.sql})`,
    t.args,
  );
  const series = await all(
    db,
    `SELECT bucket, model, SUM(calls) AS requests, SUM(total_tokens) AS tokens FROM (${t.sql}) GROUP BY 1, 2 ORDER BY 1, 2`,
    t.args,
  );
  return {
    kpis: {
      ...kpi,
      latencyP50: await percentile(db, filter, 'latency_ms', 0.5, Number(kpi?.requests)),
      latencyP95: await percentile(db, filter, 'latency_ms', 0.95, Number(kpi?.requests)),
      ttftP50: await percentile(db, filter, 'time_to_first_token_ms', 0.5, Number(kpi?.ttftCalls)),
      ttftP95: await percentile(db, filter, 'time_to_first_token_ms', 0.95, Number(kpi?.ttftCalls)),
    },
    series: plain(series),
  };
}

/** Cost tab: cost per bucket and model, per model, per day, the costliest runs and batches, unpriced calls. */
export async function costView(db: Client, filter: ViewFilter) {
  const w = where(filter);
  const t = callTotals(filter);
  const sums = 'SUM(calls) AS calls, SUM(cost_usd) AS costUSD, SUM(unpriced_calls) AS unpricedCalls';
  const [totals] = await all(
    db,
    `SELECT COALESCE(SUM(cost_usd), 0) AS costUSD, COALESCE(SUM(unpriced_calls), 0) AS unpricedCalls,
      COALESCE(SUM(calls), 0) AS calls FROM (${t.sql})`,
    t.args,
  );
  const series = await all(
    db,
    `SELECT bucket, model, SUM(cost_usd) AS costUSD FROM (${t.sql}) GROUP BY 1, 2 ORDER BY 1, 2`,
    t.args,
  );
  const byModel = await all(
    db,
    `SELECT model, ${sums} FROM (${t.sql}) GROUP BY 1 ORDER BY 3 DESC, 1`,
    t.args,
  );
  const byDay = await all(db, `SELECT day, ${sums} FROM (${t.sql}) GROUP BY 1 ORDER BY 1`, t.args);
  // Runs started in the window, from the trigger-kept run_totals; with a model filter, from the calls.
  const topRuns =
    filter.model === undefined
      ? await all(
          db,
          `SELECT run_id AS runId, started_at AS startedAt, model_calls AS calls, cost_usd AS costUSD FROM run_totals
            WHERE +started_at >= ? AND +started_at < ? ORDER BY cost_usd DESC LIMIT 10`,
          [filter.from, filter.to],
        )
      : await all(
          db,
          `SELECT run_id AS runId, MIN(timestamp) AS startedAt, COUNT(*) AS calls, COALESCE(SUM(cost_usd), 0) AS costUSD
            FROM model_calls WHERE ${w.sql} GROUP BY 1 ORDER BY 4 DESC, 1 LIMIT 10`,
          w.args,
        );
  const topBatches = await all(
    db,
    `SELECT batch_id AS batchId, COUNT(*) AS calls, COALESCE(SUM(cost_usd), 0) AS costUSD
      FROM model_calls WHERE ${w.sql.replaceAll('model_calls.', '+model_calls.')} AND batch_id IS NOT NULL
      GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT 10`,
    w.args,
  );
  return {
    totals: { ...totals },
    series: plain(series),
    byModel: plain(byModel),
    byDay: plain(byDay),
    topRuns: plain(topRuns),
    topBatches: plain(topBatches),
  };
}

const listColumns = `id, timestamp, run_id AS runId, step, model, status, latency_ms AS latencyMs, streaming, cache_hit AS cacheHit,
  total_tokens AS totalTokens, cost_usd AS costUSD, error_code AS errorCode, error_message AS errorMessage,
  batch_id AS batchId, custom_id AS customId`;

/** Request log: one page of model calls, newest first, and the total matching the filters. */
export async function callsView(db: Client, filter: CallFilter) {
  const w = where(filter);
  const parts = [w.sql];
  const args = [...w.args];
  const add = (sql: string, value: InValue | undefined) => {
    if (value === undefined) return;
    parts.push(sql);
    args.push(value);
  };
  add('status = ?', filter.status);
  add('error_code = ?', filter.errorCode);
  add('run_id = ?', filter.runId);
  add('batch_id = ?', filter.batchId);
  add('streaming = ?', filter.streaming === undefined ? undefined : Number(filter.streaming));
  add('cache_hit = ?', filter.cacheHit === undefined ? undefined : Number(filter.cacheHit));
  add('instr(lower(error_message), lower(?)) > 0', filter.q);
  const clause = parts.join(' AND ');
  const [count] = await all(db, `SELECT COUNT(*) AS total FROM model_calls WHERE ${clause}`, args);
  const rows = await all(
    db,
    `SELECT ${listColumns} FROM model_calls WHERE ${clause} ORDER BY timestamp DESC, id DESC LIMIT ? OFFSET ?`,
    [...args, filter.pageSize, (filter.page - 1) * filter.pageSize],
  );
  return {
    total: Number(count?.total ?? 0),
    page: filter.page,
    pageSize: filter.pageSize,
    rows: plain(rows),
  };
}

/** One model call with everything the store has (prompt and answer only with `logPrompts`). */
export async function callDetail(db: Client, id: number) {
  const [row] = await all(db, 'SELECT * FROM model_calls WHERE id = ?', [id]);
  return row ? { ...row } : undefined;
}

/** Every model and tool call of one run, in order. */
export async function runView(db: Client, runId: string) {
  return plain(
    await all(
      db,
      `SELECT 'model' AS kind, id, timestamp, step, model AS name, status, latency_ms AS durationMs, cost_usd AS costUSD,
          error_message AS errorMessage FROM model_calls WHERE run_id = ?
        UNION ALL
        SELECT 'tool' AS kind, id, timestamp, step, tool_name AS name, status, duration_ms AS durationMs, NULL AS costUSD,
          error_message AS errorMessage FROM tool_calls WHERE run_id = ?
        ORDER BY timestamp, kind, id`,
      [runId, runId],
    ),
  );
}

/** Tools tab: calls, errors, error rate and p95 duration per tool in the window. */
export async function toolsView(db: Client, filter: ViewFilter) {
  const w = where(filter, 'tool_calls');
  const tools = await all(
    db,
    `SELECT tool_name AS toolName, COUNT(*) AS calls, COALESCE(SUM(is_error), 0) AS errors
      FROM tool_calls WHERE ${w.sql} GROUP BY 1 ORDER BY 2 DESC, 1`,
    w.args,
  );
  const result = [];
  for (const tool of tools) {
    const offset = Math.max(0, Math.ceil(0.95 * Number(tool.calls)) - 1);
    const [p95] = await all(
      db,
      `SELECT duration_ms AS v FROM tool_calls WHERE tool_name = ? AND ${w.sql} ORDER BY duration_ms LIMIT 1 OFFSET ?`,
      [tool.toolName as InValue, ...w.args, offset],
    );
    result.push({ ...tool, durationP95: p95 ? Number(p95.v) : null });
  }
  return { tools: result };
}

/** The newest call's id, so a page can tell cheaply whether anything changed. */
export async function latestCallId(db: Client): Promise<number> {
  const [row] = await all(
    db,
    'SELECT (SELECT COALESCE(MAX(id), 0) FROM model_calls) + (SELECT COALESCE(MAX(id), 0) FROM tool_calls) AS v',
    [],
  );
  return Number(row?.v ?? 0);
}
