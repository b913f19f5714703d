-- A usage store as schema version 1 wrote it (tables, indexes, rollup triggers; dumped from sqlite_master).
CREATE TABLE model_calls (
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
CREATE TABLE tool_calls (
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
CREATE TABLE usage_hourly (
  hour TEXT NOT NULL,
  model TEXT NOT NULL,
  calls INTEGER NOT NULL DEFAULT 0,
  errors INTEGER NOT NULL DEFAULT 0,
  cache_hits INTEGER NOT NULL DEFAULT 0,
  streaming_calls INTEGER NOT NULL DEFAULT 0,
  ttft_calls INTEGER NOT NULL DEFAULT 0,
  input_tokens INTEGER NOT NULL DEFAULT 0,
  cached_input_tokens INTEGER NOT NULL DEFAULT 0,
  output_tokens INTEGER NOT NULL DEFAULT 0,
  total_tokens INTEGER NOT NULL DEFAULT 0,
  cost_usd REAL NOT NULL DEFAULT 0,
  unpriced_calls INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (hour, model)
) WITHOUT ROWID;
CREATE TABLE tool_usage_hourly (
  hour TEXT NOT NULL,
  tool_name TEXT NOT NULL,
  calls INTEGER NOT NULL DEFAULT 0,
  errors INTEGER NOT NULL DEFAULT 0,
  duration_ms REAL NOT NULL DEFAULT 0,
  PRIMARY KEY (hour, tool_name)
) WITHOUT ROWID;
CREATE TABLE run_totals (
  run_id TEXT PRIMARY KEY,
  started_at TEXT NOT NULL,
  model_calls INTEGER NOT NULL DEFAULT 0,
  errors INTEGER NOT NULL DEFAULT 0,
  total_tokens INTEGER NOT NULL DEFAULT 0,
  cost_usd REAL NOT NULL DEFAULT 0,
  unpriced_calls INTEGER NOT NULL DEFAULT 0,
  tool_calls INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX model_calls_timestamp ON model_calls (timestamp);
CREATE INDEX model_calls_model_timestamp ON model_calls (model, timestamp);
CREATE INDEX model_calls_run_id ON model_calls (run_id);
CREATE INDEX model_calls_latency ON model_calls (latency_ms, timestamp, model);
CREATE INDEX model_calls_ttft ON model_calls (time_to_first_token_ms, timestamp, model)
  WHERE time_to_first_token_ms IS NOT NULL;
CREATE INDEX model_calls_errors ON model_calls (timestamp) WHERE error_message IS NOT NULL;
CREATE INDEX model_calls_batch_id ON model_calls (batch_id, timestamp) WHERE batch_id IS NOT NULL;
CREATE INDEX tool_calls_timestamp ON tool_calls (timestamp);
CREATE INDEX tool_calls_run_id ON tool_calls (run_id);
CREATE INDEX tool_calls_duration ON tool_calls (tool_name, duration_ms, timestamp);
CREATE INDEX run_totals_cost ON run_totals (cost_usd);
CREATE INDEX run_totals_started_at ON run_totals (started_at);
CREATE TRIGGER model_calls_rollup_insert AFTER INSERT ON model_calls BEGIN
  INSERT INTO usage_hourly (hour, model, calls, errors, cache_hits, streaming_calls, ttft_calls, input_tokens, cached_input_tokens, output_tokens, total_tokens, cost_usd, unpriced_calls) VALUES (substr(NEW.timestamp, 1, 13), NEW.model, 1 * 1, 1 * (NEW.status <> 'ok'), 1 * NEW.cache_hit, 1 * NEW.streaming, 1 * (NEW.time_to_first_token_ms IS NOT NULL), 1 * (CASE WHEN NEW.cache_hit = 0 THEN COALESCE(NEW.input_tokens, 0) ELSE 0 END), 1 * (CASE WHEN NEW.cache_hit = 0 THEN COALESCE(NEW.cached_input_tokens, 0) ELSE 0 END), 1 * (CASE WHEN NEW.cache_hit = 0 THEN COALESCE(NEW.output_tokens, 0) ELSE 0 END), 1 * (CASE WHEN NEW.cache_hit = 0 THEN COALESCE(NEW.total_tokens, 0) ELSE 0 END), 1 * COALESCE(NEW.cost_usd, 0), 1 * (NEW.cost_usd IS NULL AND NEW.total_tokens IS NOT NULL))
    ON CONFLICT (hour, model) DO UPDATE SET
    calls = calls + excluded.calls, errors = errors + excluded.errors, cache_hits = cache_hits + excluded.cache_hits, streaming_calls = streaming_calls + excluded.streaming_calls, ttft_calls = ttft_calls + excluded.ttft_calls, input_tokens = input_tokens + excluded.input_tokens, cached_input_tokens = cached_input_tokens + excluded.cached_input_tokens, output_tokens = output_tokens + excluded.output_tokens, total_tokens = total_tokens + excluded.total_tokens, cost_usd = cost_usd + excluded.cost_usd, unpriced_calls = unpriced_calls + excluded.unpriced_calls;
  INSERT INTO run_totals (run_id, started_at, model_calls, errors, total_tokens, cost_usd, unpriced_calls)
    VALUES (NEW.run_id, NEW.timestamp, 1, (NEW.status <> 'ok'), (CASE WHEN NEW.cache_hit = 0 THEN COALESCE(NEW.total_tokens, 0) ELSE 0 END), COALESCE(NEW.cost_usd, 0), (NEW.cost_usd IS NULL AND NEW.total_tokens IS NOT NULL))
    ON CONFLICT (run_id) DO UPDATE SET started_at = min(started_at, excluded.started_at), model_calls = model_calls + excluded.model_calls, errors = errors + excluded.errors, total_tokens = total_tokens + excluded.total_tokens, cost_usd = cost_usd + excluded.cost_usd, unpriced_calls = unpriced_calls + excluded.unpriced_calls;
END;
CREATE TRIGGER model_calls_rollup_delete AFTER DELETE ON model_calls BEGIN
  INSERT INTO usage_hourly (hour, model, calls, errors, cache_hits, streaming_calls, ttft_calls, input_tokens, cached_input_tokens, output_tokens, total_tokens, cost_usd, unpriced_calls) VALUES (substr(OLD.timestamp, 1, 13), OLD.model, -1 * 1, -1 * (OLD.status <> 'ok'), -1 * OLD.cache_hit, -1 * OLD.streaming, -1 * (OLD.time_to_first_token_ms IS NOT NULL), -1 * (CASE WHEN OLD.cache_hit = 0 THEN COALESCE(OLD.input_tokens, 0) ELSE 0 END), -1 * (CASE WHEN OLD.cache_hit = 0 THEN COALESCE(OLD.cached_input_tokens, 0) ELSE 0 END), -1 * (CASE WHEN OLD.cache_hit = 0 THEN COALESCE(OLD.output_tokens, 0) ELSE 0 END), -1 * (CASE WHEN OLD.cache_hit = 0 THEN COALESCE(OLD.total_tokens, 0) ELSE 0 END), -1 * COALESCE(OLD.cost_usd, 0), -1 * (OLD.cost_usd IS NULL AND OLD.total_tokens IS NOT NULL))
    ON CONFLICT (hour, model) DO UPDATE SET
    calls = calls + excluded.calls, errors = errors + excluded.errors, cache_hits = cache_hits + excluded.cache_hits, streaming_calls = streaming_calls + excluded.streaming_calls, ttft_calls = ttft_calls + excluded.ttft_calls, input_tokens = input_tokens + excluded.input_tokens, cached_input_tokens = cached_input_tokens + excluded.cached_input_tokens, output_tokens = output_tokens + excluded.output_tokens, total_tokens = total_tokens + excluded.total_tokens, cost_usd = cost_usd + excluded.cost_usd, unpriced_calls = unpriced_calls + excluded.unpriced_calls;
  DELETE FROM usage_hourly WHERE hour = substr(OLD.timestamp, 1, 13) AND model = OLD.model AND calls <= 0;
  UPDATE run_totals SET model_calls = model_calls - 1, errors = errors - (OLD.status <> 'ok'), total_tokens = total_tokens - (CASE WHEN OLD.cache_hit = 0 THEN COALESCE(OLD.total_tokens, 0) ELSE 0 END), cost_usd = cost_usd - COALESCE(OLD.cost_usd, 0), unpriced_calls = unpriced_calls - (OLD.cost_usd IS NULL AND OLD.total_tokens IS NOT NULL),
    started_at = COALESCE((SELECT min(timestamp) FROM (SELECT timestamp FROM model_calls WHERE run_id = OLD.run_id
      UNION ALL SELECT timestamp FROM tool_calls WHERE run_id = OLD.run_id)), started_at)
    WHERE run_id = OLD.run_id;
  DELETE FROM run_totals WHERE run_id = OLD.run_id AND model_calls <= 0 AND tool_calls <= 0;
END;
CREATE TRIGGER model_calls_rollup_update AFTER UPDATE ON model_calls BEGIN
  INSERT INTO usage_hourly (hour, model, calls, errors, cache_hits, streaming_calls, ttft_calls, input_tokens, cached_input_tokens, output_tokens, total_tokens, cost_usd, unpriced_calls) VALUES (substr(OLD.timestamp, 1, 13), OLD.model, -1 * 1, -1 * (OLD.status <> 'ok'), -1 * OLD.cache_hit, -1 * OLD.streaming, -1 * (OLD.time_to_first_token_ms IS NOT NULL), -1 * (CASE WHEN OLD.cache_hit = 0 THEN COALESCE(OLD.input_tokens, 0) ELSE 0 END), -1 * (CASE WHEN OLD.cache_hit = 0 THEN COALESCE(OLD.cached_input_tokens, 0) ELSE 0 END), -1 * (CASE WHEN OLD.cache_hit = 0 THEN COALESCE(OLD.output_tokens, 0) ELSE 0 END), -1 * (CASE WHEN OLD.cache_hit = 0 THEN COALESCE(OLD.total_tokens, 0) ELSE 0 END), -1 * COALESCE(OLD.cost_usd, 0), -1 * (OLD.cost_usd IS NULL AND OLD.total_tokens IS NOT NULL))
    ON CONFLICT (hour, model) DO UPDATE SET
    calls = calls + excluded.calls, errors = errors + excluded.errors, cache_hits = cache_hits + excluded.cache_hits, streaming_calls = streaming_calls + excluded.streaming_calls, ttft_calls = ttft_calls + excluded.ttft_calls, input_tokens = input_tokens + excluded.input_tokens, cached_input_tokens = cached_input_tokens + excluded.cached_input_tokens, output_tokens = output_tokens + excluded.output_tokens, total_tokens = total_tokens + excluded.total_tokens, cost_usd = cost_usd + excluded.cost_usd, unpriced_calls = unpriced_calls + excluded.unpriced_calls;
  DELETE FROM usage_hourly WHERE hour = substr(OLD.timestamp, 1, 13) AND model = OLD.model AND calls <= 0;
  UPDATE run_totals SET model_calls = model_calls - 1, errors = errors - (OLD.status <> 'ok'), total_tokens = total_tokens - (CASE WHEN OLD.cache_hit = 0 THEN COALESCE(OLD.total_tokens, 0) ELSE 0 END), cost_usd = cost_usd - COALESCE(OLD.cost_usd, 0), unpriced_calls = unpriced_calls - (OLD.cost_usd IS NULL AND OLD.total_tokens IS NOT NULL),
    started_at = COALESCE((SELECT min(timestamp) FROM (SELECT timestamp FROM model_calls WHERE run_id = OLD.run_id
      UNION ALL SELECT timestamp FROM tool_calls WHERE run_id = OLD.run_id)), started_at)
    WHERE run_id = OLD.run_id;
  DELETE FROM run_totals WHERE run_id = OLD.run_id AND model_calls <= 0 AND tool_calls <= 0;
  INSERT INTO usage_hourly (hour, model, calls, errors, cache_hits, streaming_calls, ttft_calls, input_tokens, cached_input_tokens, output_tokens, total_tokens, cost_usd, unpriced_calls) VALUES (substr(NEW.timestamp, 1, 13), NEW.model, 1 * 1, 1 * (NEW.status <> 'ok'), 1 * NEW.cache_hit, 1 * NEW.streaming, 1 * (NEW.time_to_first_token_ms IS NOT NULL), 1 * (CASE WHEN NEW.cache_hit = 0 THEN COALESCE(NEW.input_tokens, 0) ELSE 0 END), 1 * (CASE WHEN NEW.cache_hit = 0 THEN COALESCE(NEW.cached_input_tokens, 0) ELSE 0 END), 1 * (CASE WHEN NEW.cache_hit = 0 THEN COALESCE(NEW.output_tokens, 0) ELSE 0 END), 1 * (CASE WHEN NEW.cache_hit = 0 THEN COALESCE(NEW.total_tokens, 0) ELSE 0 END), 1 * COALESCE(NEW.cost_usd, 0), 1 * (NEW.cost_usd IS NULL AND NEW.total_tokens IS NOT NULL))
    ON CONFLICT (hour, model) DO UPDATE SET
    calls = calls + excluded.calls, errors = errors + excluded.errors, cache_hits = cache_hits + excluded.cache_hits, streaming_calls = streaming_calls + excluded.streaming_calls, ttft_calls = ttft_calls + excluded.ttft_calls, input_tokens = input_tokens + excluded.input_tokens, cached_input_tokens = cached_input_tokens + excluded.cached_input_tokens, output_tokens = output_tokens + excluded.output_tokens, total_tokens = total_tokens + excluded.total_tokens, cost_usd = cost_usd + excluded.cost_usd, unpriced_calls = unpriced_calls + excluded.unpriced_calls;
  INSERT INTO run_totals (run_id, started_at, model_calls, errors, total_tokens, cost_usd, unpriced_calls)
    VALUES (NEW.run_id, NEW.timestamp, 1, (NEW.status <> 'ok'), (CASE WHEN NEW.cache_hit = 0 THEN COALESCE(NEW.total_tokens, 0) ELSE 0 END), COALESCE(NEW.cost_usd, 0), (NEW.cost_usd IS NULL AND NEW.total_tokens IS NOT NULL))
    ON CONFLICT (run_id) DO UPDATE SET started_at = min(started_at, excluded.started_at), model_calls = model_calls + excluded.model_calls, errors = errors + excluded.errors, total_tokens = total_tokens + excluded.total_tokens, cost_usd = cost_usd + excluded.cost_usd, unpriced_calls = unpriced_calls + excluded.unpriced_calls;
END;
CREATE TRIGGER tool_calls_rollup_insert AFTER INSERT ON tool_calls BEGIN
  INSERT INTO tool_usage_hourly (hour, tool_name, calls, errors, duration_ms) VALUES (substr(NEW.timestamp, 1, 13), NEW.tool_name, 1 * 1, 1 * (NEW.status <> 'ok'), 1 * NEW.duration_ms)
    ON CONFLICT (hour, tool_name) DO UPDATE SET
    calls = calls + excluded.calls, errors = errors + excluded.errors, duration_ms = duration_ms + excluded.duration_ms;
  INSERT INTO run_totals (run_id, started_at, tool_calls)
    VALUES (NEW.run_id, NEW.timestamp, 1)
    ON CONFLICT (run_id) DO UPDATE SET started_at = min(started_at, excluded.started_at), tool_calls = tool_calls + excluded.tool_calls;
END;
CREATE TRIGGER tool_calls_rollup_delete AFTER DELETE ON tool_calls BEGIN
  INSERT INTO tool_usage_hourly (hour, tool_name, calls, errors, duration_ms) VALUES (substr(OLD.timestamp, 1, 13), OLD.tool_name, -1 * 1, -1 * (OLD.status <> 'ok'), -1 * OLD.duration_ms)
    ON CONFLICT (hour, tool_name) DO UPDATE SET
    calls = calls + excluded.calls, errors = errors + excluded.errors, duration_ms = duration_ms + excluded.duration_ms;
  DELETE FROM tool_usage_hourly WHERE hour = substr(OLD.timestamp, 1, 13) AND tool_name = OLD.tool_name AND calls <= 0;
  UPDATE run_totals SET tool_calls = tool_calls - 1,
    started_at = COALESCE((SELECT min(timestamp) FROM (SELECT timestamp FROM model_calls WHERE run_id = OLD.run_id
      UNION ALL SELECT timestamp FROM tool_calls WHERE run_id = OLD.run_id)), started_at)
    WHERE run_id = OLD.run_id;
  DELETE FROM run_totals WHERE run_id = OLD.run_id AND model_calls <= 0 AND tool_calls <= 0;
END;
CREATE TRIGGER tool_calls_rollup_update AFTER UPDATE ON tool_calls BEGIN
  INSERT INTO tool_usage_hourly (hour, tool_name, calls, errors, duration_ms) VALUES (substr(OLD.timestamp, 1, 13), OLD.tool_name, -1 * 1, -1 * (OLD.status <> 'ok'), -1 * OLD.duration_ms)
    ON CONFLICT (hour, tool_name) DO UPDATE SET
    calls = calls + excluded.calls, errors = errors + excluded.errors, duration_ms = duration_ms + excluded.duration_ms;
  DELETE FROM tool_usage_hourly WHERE hour = substr(OLD.timestamp, 1, 13) AND tool_name = OLD.tool_name AND calls <= 0;
  UPDATE run_totals SET tool_calls = tool_calls - 1,
    started_at = COALESCE((SELECT min(timestamp) FROM (SELECT timestamp FROM model_calls WHERE run_id = OLD.run_id
      UNION ALL SELECT timestamp FROM tool_calls WHERE run_id = OLD.run_id)), started_at)
    WHERE run_id = OLD.run_id;
  DELETE FROM run_totals WHERE run_id = OLD.run_id AND model_calls <= 0 AND tool_calls <= 0;
  INSERT INTO tool_usage_hourly (hour, tool_name, calls, errors, duration_ms) VALUES (substr(NEW.timestamp, 1, 13), NEW.tool_name, 1 * 1, 1 * (NEW.status <> 'ok'), 1 * NEW.duration_ms)
    ON CONFLICT (hour, tool_name) DO UPDATE SET
    calls = calls + excluded.calls, errors = errors + excluded.errors, duration_ms = duration_ms + excluded.duration_ms;
  INSERT INTO run_totals (run_id, started_at, tool_calls)
    VALUES (NEW.run_id, NEW.timestamp, 1)
    ON CONFLICT (run_id) DO UPDATE SET started_at = min(started_at, excluded.started_at), tool_calls = tool_calls + excluded.tool_calls;
END;
PRAGMA user_version = 1;
