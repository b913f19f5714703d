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
  name TEXT NOT NULL,
  tool_call_id TEXT NOT NULL,
  duration_ms REAL NOT NULL,
  status TEXT NOT NULL,
  ok INTEGER NOT NULL,
  error_code TEXT,
  error_message TEXT,
  arguments TEXT,
  output_json TEXT
);
CREATE INDEX IF NOT EXISTS tool_calls_timestamp ON tool_calls (timestamp);
CREATE INDEX IF NOT EXISTS tool_calls_run_id ON tool_calls (run_id);
