/**
 * Pre-aggregated totals that SQLite keeps up to date itself (triggers on insert, delete and update),
 * so a dashboard sums a few thousand rows instead of a million:
 * - `usage_hourly`: model calls per UTC hour (`2026-01-31T09`) and model;
 * - `tool_usage_hourly`: tool calls per UTC hour and tool;
 * - `run_totals`: one row per run.
 * Tokens and cost follow `summary()`: tokens of billed calls only (cache hits spent nothing), cost
 * of priced calls, and `unpriced_calls` for calls with usage but no known price.
 */

/** One aggregated column: its name and the per-row value that is summed into it. */
interface Measure {
  column: string;
  value: (row: string) => string;
}

const billed = (column: string) => (row: string) =>
  `(CASE WHEN ${row}.cache_hit = 0 THEN COALESCE(${row}.${column}, 0) ELSE 0 END)`;

const modelMeasures: Measure[] = [
  { column: 'calls', value: () => '1' },
  { column: 'errors', value: (row) => `(${row}.status <> 'ok')` },
  { column: 'cache_hits', value: (row) => `${row}.cache_hit` },
  { column: 'streaming_calls', value: (row) => `${row}.streaming` },
  { column: 'ttft_calls', value: (row) => `(${row}.time_to_first_token_ms IS NOT NULL)` },
  { column: 'input_tokens', value: billed('input_tokens') },
  { column: 'cached_input_tokens', value: billed('cached_input_tokens') },
  { column: 'output_tokens', value: billed('output_tokens') },
  { column: 'total_tokens', value: billed('total_tokens') },
  { column: 'cost_usd', value: (row) => `COALESCE(${row}.cost_usd, 0)` },
  {
    column: 'unpriced_calls',
    value: (row) => `(${row}.cost_usd IS NULL AND ${row}.total_tokens IS NOT NULL)`,
  },
];

const toolMeasures: Measure[] = [
  { column: 'calls', value: () => '1' },
  { column: 'errors', value: (row) => `(${row}.status <> 'ok')` },
  { column: 'duration_ms', value: (row) => `${row}.duration_ms` },
];

const runMeasures: Measure[] = [
  { column: 'model_calls', value: () => '1' },
  { column: 'errors', value: (row) => `(${row}.status <> 'ok')` },
  { column: 'total_tokens', value: billed('total_tokens') },
  { column: 'cost_usd', value: (row) => `COALESCE(${row}.cost_usd, 0)` },
  {
    column: 'unpriced_calls',
    value: (row) => `(${row}.cost_usd IS NULL AND ${row}.total_tokens IS NOT NULL)`,
  },
];

interface Rollup {
  table: string;
  source: 'model_calls' | 'tool_calls';
  /** Key columns and their per-row expressions. */
  keys: { column: string; value: (row: string) => string }[];
  measures: Measure[];
  /** Extra DDL after the table (indexes). */
  extra?: string;
}

const hour = (row: string) => `substr(${row}.timestamp, 1, 13)`;

const rollups: Rollup[] = [
  {
    table: 'usage_hourly',
    source: 'model_calls',
    keys: [
      { column: 'hour', value: hour },
      { column: 'model', value: (row) => `${row}.model` },
    ],
    measures: modelMeasures,
  },
  {
    table: 'tool_usage_hourly',
    source: 'tool_calls',
    keys: [
      { column: 'hour', value: hour },
      { column: 'tool_name', value: (row) => `${row}.tool_name` },
    ],
    measures: toolMeasures,
  },
];

const numeric = (measure: Measure) =>
  measure.column === 'cost_usd' || measure.column === 'duration_ms' ? 'REAL' : 'INTEGER';

function rollupTable({ table, keys, measures }: Rollup): string {
  return `CREATE TABLE IF NOT EXISTS ${table} (
  ${keys.map((key) => `${key.column} TEXT NOT NULL`).join(',\n  ')},
  ${measures.map((measure) => `${measure.column} ${numeric(measure)} NOT NULL DEFAULT 0`).join(',\n  ')},
  PRIMARY KEY (${keys.map((key) => key.column).join(', ')})
) WITHOUT ROWID;`;
}

/** Adds (sign 1) or removes (sign -1) one source row's share; rows that reach zero calls go. */
function rollupChange({ table, keys, measures }: Rollup, row: 'NEW' | 'OLD', sign: 1 | -1): string {
  const columns = [...keys.map((key) => key.column), ...measures.map((measure) => measure.column)];
  const values = [...keys.map((key) => key.value(row)), ...measures.map((m) => `${sign} * ${m.value(row)}`)];
  const first = measures[0]!.column;
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${values.join(', ')})
    ON CONFLICT (${keys.map((key) => key.column).join(', ')}) DO UPDATE SET
    ${measures.map((m) => `${m.column} = ${m.column} + excluded.${m.column}`).join(', ')};${
      sign === -1
        ? `\n  DELETE FROM ${table} WHERE ${keys.map((key) => `${key.column} = ${key.value(row)}`).join(' AND ')} AND ${first} <= 0;`
        : ''
    }`;
}

const runTotals = `CREATE TABLE IF NOT EXISTS run_totals (
  run_id TEXT PRIMARY KEY,
  started_at TEXT NOT NULL,
  ${runMeasures.map((measure) => `${measure.column} ${numeric(measure)} NOT NULL DEFAULT 0`).join(',\n  ')},
  tool_calls INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS run_totals_cost ON run_totals (cost_usd);
CREATE INDEX IF NOT EXISTS run_totals_started_at ON run_totals (started_at);`;

function runChange(row: 'NEW' | 'OLD', sign: 1 | -1, source: 'model_calls' | 'tool_calls'): string {
  const measures =
    source === 'model_calls' ? runMeasures : [{ column: 'tool_calls', value: () => '1' } satisfies Measure];
  const update = measures.map((m) => `${m.column} = ${m.column} + excluded.${m.column}`).join(', ');
  if (sign === 1) {
    return `INSERT INTO run_totals (run_id, started_at, ${measures.map((m) => m.column).join(', ')})
    VALUES (${row}.run_id, ${row}.timestamp, ${measures.map((m) => m.value(row)).join(', ')})
    ON CONFLICT (run_id) DO UPDATE SET started_at = min(started_at, excluded.started_at), ${update};`;
  }
  return `UPDATE run_totals SET ${measures.map((m) => `${m.column} = ${m.column} - ${m.value(row)}`).join(', ')},
    started_at = COALESCE((SELECT min(timestamp) FROM (SELECT timestamp FROM model_calls WHERE run_id = ${row}.run_id
      UNION ALL SELECT timestamp FROM tool_calls WHERE run_id = ${row}.run_id)), started_at)
    WHERE run_id = ${row}.run_id;
  DELETE FROM run_totals WHERE run_id = ${row}.run_id AND model_calls <= 0 AND tool_calls <= 0;`;
}

function triggers(source: 'model_calls' | 'tool_calls'): string {
  const mine = rollups.filter((rollup) => rollup.source === source);
  const body = (row: 'NEW' | 'OLD', sign: 1 | -1) =>
    [...mine.map((rollup) => rollupChange(rollup, row, sign)), runChange(row, sign, source)].join('\n  ');
  return `CREATE TRIGGER IF NOT EXISTS ${source}_rollup_insert AFTER INSERT ON ${source} BEGIN
  ${body('NEW', 1)}
END;
CREATE TRIGGER IF NOT EXISTS ${source}_rollup_delete AFTER DELETE ON ${source} BEGIN
  ${body('OLD', -1)}
END;
CREATE TRIGGER IF NOT EXISTS ${source}_rollup_update AFTER UPDATE ON ${source} BEGIN
  ${body('OLD', -1)}
  ${body('NEW', 1)}
END;`;
}

/** Tables, indexes and triggers of the rollups (idempotent). */
export const rollupSchema = [
  ...rollups.map(rollupTable),
  runTotals,
  triggers('model_calls'),
  triggers('tool_calls'),
].join('\n');

/** Fills the rollups from the rows a store already has (for a store that had none). */
export const rollupBackfill = [
  ...rollups.map(({ table, source, keys, measures }) => {
    const columns = [...keys.map((key) => key.column), ...measures.map((m) => m.column)];
    const values = [
      ...keys.map((key) => key.value(source)),
      ...measures.map((m) => `SUM(${m.value(source)})`),
    ];
    return `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${values.join(', ')} FROM ${source} GROUP BY ${keys.map((_, index) => index + 1).join(', ')};`;
  }),
  `INSERT INTO run_totals (run_id, started_at, ${runMeasures.map((m) => m.column).join(', ')})
    SELECT run_id, min(timestamp), ${runMeasures.map((m) => `SUM(${m.value('model_calls')})`).join(', ')}
    FROM model_calls GROUP BY run_id;`,
  `INSERT INTO run_totals (run_id, started_at, tool_calls)
    SELECT run_id, min(timestamp), COUNT(*) FROM tool_calls GROUP BY run_id
    ON CONFLICT (run_id) DO UPDATE SET started_at = min(started_at, excluded.started_at), tool_calls = excluded.tool_calls;`,
].join('\n');
