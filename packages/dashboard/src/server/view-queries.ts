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

/** The p-th percentile (nearest rank) of a column over the filtered calls, or null without values. */
async function percentile(db: Client, filter: ViewFilter, column: string, p: number): Promise<number | null> {
  const w = where(filter);
  const count = Number(
    (await all(db, `SELECT COUNT(${column}) AS n FROM model_calls WHERE ${w.sql}`, w.args))[0]?.n ?? 0,
  );
  if (count === 0) return null;
  const offset = Math.max(0, Math.ceil(p * count) - 1);
  const row = await all(
    db,
    `SELECT ${column} AS v FROM model_calls WHERE ${w.sql} AND ${column} IS NOT NULL ORDER BY ${column} LIMIT 1 OFFSET ?`,
    [...w.args, offset],
  );
  return row[0] ? Number(row[0].v) : null;
}

const billed = (column: string) => `COALESCE(SUM(CASE WHEN cache_hit = 0 THEN ${column} END), 0)`;

/** The models that have calls, for the model filter. */
export async function listModels(db: Client): Promise<string[]> {
  return (await all(db, 'SELECT DISTINCT model FROM model_calls ORDER BY 1', [])).map((row) =>
    String(row.model),
  );
}

/** Usage tab: KPIs of the window and requests/tokens per bucket and model. */
export async function usageView(db: Client, filter: ViewFilter) {
  const w = where(filter);
  const [kpi] = await all(
    db,
    `SELECT COUNT(*) AS requests, ${billed('input_tokens')} AS inputTokens, ${billed('output_tokens')} AS outputTokens,
      ${billed('cached_input_tokens')} AS cachedInputTokens, COALESCE(SUM(status <> 'ok'), 0) AS errors,
      COALESCE(SUM(cache_hit), 0) AS cacheHits FROM model_calls WHERE ${w.sql}`,
    w.args,
  );
  const series = await all(
    db,
    `SELECT substr(timestamp, 1, ${filter.bucket}) AS bucket, model, COUNT(*) AS requests, ${billed('total_tokens')} AS tokens
      FROM model_calls WHERE ${w.sql} GROUP BY 1, 2 ORDER BY 1, 2`,
    w.args,
  );
  return {
    kpis: {
      ...kpi,
      latencyP50: await percentile(db, filter, 'latency_ms', 0.5),
      latencyP95: await percentile(db, filter, 'latency_ms', 0.95),
      ttftP50: await percentile(db, filter, 'time_to_first_token_ms', 0.5),
      ttftP95: await percentile(db, filter, 'time_to_first_token_ms', 0.95),
    },
    series: plain(series),
  };
}

/** Cost tab: cost per bucket and model, per model, per day, the costliest runs and batches, unpriced calls. */
export async function costView(db: Client, filter: ViewFilter) {
  const w = where(filter);
  const unpriced = 'COALESCE(SUM(cost_usd IS NULL AND total_tokens IS NOT NULL), 0)';
  const [totals] = await all(
    db,
    `SELECT COALESCE(SUM(cost_usd), 0) AS costUSD, ${unpriced} AS unpricedCalls, COUNT(*) AS calls FROM model_calls WHERE ${w.sql}`,
    w.args,
  );
  const series = await all(
    db,
    `SELECT substr(timestamp, 1, ${filter.bucket}) AS bucket, model, COALESCE(SUM(cost_usd), 0) AS costUSD
      FROM model_calls WHERE ${w.sql} GROUP BY 1, 2 ORDER BY 1, 2`,
    w.args,
  );
  const byModel = await all(
    db,
    `SELECT model, COUNT(*) AS calls, COALESCE(SUM(cost_usd), 0) AS costUSD, ${unpriced} AS unpricedCalls
      FROM model_calls WHERE ${w.sql} GROUP BY 1 ORDER BY 3 DESC, 1`,
    w.args,
  );
  const byDay = await all(
    db,
    `SELECT substr(timestamp, 1, 10) AS day, COUNT(*) AS calls, COALESCE(SUM(cost_usd), 0) AS costUSD, ${unpriced} AS unpricedCalls
      FROM model_calls WHERE ${w.sql} GROUP BY 1 ORDER BY 1`,
    w.args,
  );
  const topRuns = await all(
    db,
    `SELECT run_id AS runId, MIN(timestamp) AS startedAt, COUNT(*) AS calls, COALESCE(SUM(cost_usd), 0) AS costUSD
      FROM model_calls WHERE ${w.sql} GROUP BY 1 ORDER BY 4 DESC, 1 LIMIT 10`,
    w.args,
  );
  const topBatches = await all(
    db,
    `SELECT batch_id AS batchId, COUNT(*) AS calls, COALESCE(SUM(cost_usd), 0) AS costUSD
      FROM model_calls WHERE ${w.sql} AND batch_id IS NOT NULL GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT 10`,
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
  total_tokens AS totalTokens, cost_usd AS costUSD, error_code AS errorCode, error_message AS errorMessage`;

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
