/**
 * The usage store's schema: one row per record, columns named after the record's fields in
 * snake_case. Timestamps are ISO 8601 UTC text, so string order is time order and `substr(timestamp, 1, 10)`
 * is the UTC day. Booleans are 0/1; prompts and outputs (only with `logPrompts`) are JSON text.
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
  output_json TEXT
);
CREATE INDEX IF NOT EXISTS model_calls_timestamp ON model_calls (timestamp);
CREATE INDEX IF NOT EXISTS model_calls_model_timestamp ON model_calls (model, timestamp);
CREATE INDEX IF NOT EXISTS model_calls_run_id ON model_calls (run_id);
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
  output_json TEXT
);
CREATE INDEX IF NOT EXISTS tool_calls_timestamp ON tool_calls (timestamp);
CREATE INDEX IF NOT EXISTS tool_calls_run_id ON tool_calls (run_id);
`;

/**
 * Brings a usage store written by an older release up to {@link usageSchema}: 0.1.0 named the
 * tool-call columns `name` and `ok`; they are `tool_name` and `is_error` now, like the records.
 * Runs in one transaction, so a file is either migrated whole or left as it was.
 */
export const toolCallsMigration = `
BEGIN;
ALTER TABLE tool_calls RENAME COLUMN name TO tool_name;
ALTER TABLE tool_calls ADD COLUMN is_error INTEGER NOT NULL DEFAULT 0;
UPDATE tool_calls SET is_error = CASE WHEN ok = 1 THEN 0 ELSE 1 END;
ALTER TABLE tool_calls DROP COLUMN ok;
COMMIT;
`;
