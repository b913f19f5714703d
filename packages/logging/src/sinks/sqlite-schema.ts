import { rollupSchema } from './sqlite-rollups.js';

/** Schema version 2: a batch's tool calls found without a scan, as its model calls are (`model_calls_batch_id`). */
export const toolCallsBatchIndex =
  'CREATE INDEX IF NOT EXISTS tool_calls_batch_id ON tool_calls (batch_id, timestamp) WHERE batch_id IS NOT NULL;';

/**
 * Indexes: lookups by time, model and run (the first schema's), plus what the dashboard's queries
 * walk: latency, time to first token and tool duration in value order (exact percentiles without a
 * sort), error messages (free-text search), batches. Shared by new stores and the migration.
 */
export const usageIndexes = `
CREATE INDEX IF NOT EXISTS model_calls_timestamp ON model_calls (timestamp);
CREATE INDEX IF NOT EXISTS model_calls_model_timestamp ON model_calls (model, timestamp);
CREATE INDEX IF NOT EXISTS model_calls_run_id ON model_calls (run_id);
CREATE INDEX IF NOT EXISTS model_calls_latency ON model_calls (latency_ms, timestamp, model);
CREATE INDEX IF NOT EXISTS model_calls_ttft ON model_calls (time_to_first_token_ms, timestamp, model)
  WHERE time_to_first_token_ms IS NOT NULL;
CREATE INDEX IF NOT EXISTS model_calls_errors ON model_calls (timestamp) WHERE error_message IS NOT NULL;
CREATE INDEX IF NOT EXISTS model_calls_batch_id ON model_calls (batch_id, timestamp) WHERE batch_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS tool_calls_timestamp ON tool_calls (timestamp);
CREATE INDEX IF NOT EXISTS tool_calls_run_id ON tool_calls (run_id);
CREATE INDEX IF NOT EXISTS tool_calls_duration ON tool_calls (tool_name, duration_ms, timestamp);
${toolCallsBatchIndex}
`;

/**
 * The usage store's schema (version `usageSchemaVersion`): one row per record, columns named after
 * the record's fields in snake_case. Timestamps are ISO 8601 UTC text, so string order is time order
 * and `substr(timestamp, 1, 10)` is the UTC day. Booleans are 0/1; prompts and outputs (only with
 * `logPrompts`) are JSON text. Columns added by a migration come last, as `ALTER TABLE` puts them.
 * The rollup tables (`usage_hourly`, `tool_usage_hourly`, `run_totals`) are kept by triggers.
 */
export const usageSchema = `
CREATE TABLE IF NOT EXISTS model_calls (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  timestamp TEXT NOT NULL,
  run_id TEXT NOT NULL,
  step INTEGER NOT NULL,
  provider TEXT NOT NULL,
  model TEXT NOT NULL,
  response_model TEXT,
  response_id TEXT,
  streaming INTEGER NOT NULL,
  latency_ms REAL NOT NULL,
  time_to_first_token_ms REAL,
  status TEXT NOT NULL,
  finish_reason TEXT,
  input_tokens INTEGER,
  cached_input_tokens INTEGER,
  output_tokens INTEGER,
  total_tokens INTEGER,
  reasoning_tokens INTEGER,
  cost_usd REAL,
  cache_hit INTEGER NOT NULL,
  retries INTEGER NOT NULL,
  error_code TEXT,
  error_message TEXT,
  http_status INTEGER,
  messages_json TEXT,
  output_json TEXT,
  batch_id TEXT,
  custom_id TEXT
);
CREATE TABLE IF NOT EXISTS tool_calls (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  timestamp TEXT NOT NULL,
  run_id TEXT NOT NULL,
  step INTEGER NOT NULL,
  tool_call_id TEXT NOT NULL,
  tool_name TEXT NOT NULL,
  duration_ms REAL NOT NULL,
  status TEXT NOT NULL,
  is_error INTEGER NOT NULL,
  error_code TEXT,
  error_message TEXT,
  arguments TEXT,
  output_json TEXT,
  batch_id TEXT,
  custom_id TEXT
);
${usageIndexes}
${rollupSchema}`;

/**
 * Part of the step to schema version 1 for stores of the first release, which named the tool-call
 * columns `name` and `ok`; they are `tool_name` and `is_error` now, like the records. Runs inside
 * the migration's transaction, so a file is either migrated whole or left as it was.
 */
export const toolCallsMigration = `
ALTER TABLE tool_calls RENAME COLUMN name TO tool_name;
ALTER TABLE tool_calls ADD COLUMN is_error INTEGER NOT NULL DEFAULT 0;
UPDATE tool_calls SET is_error = CASE WHEN ok = 1 THEN 0 ELSE 1 END;
ALTER TABLE tool_calls DROP COLUMN ok;
`;
