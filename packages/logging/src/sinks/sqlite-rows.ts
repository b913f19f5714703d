import type { ModelCallRecord, ToolCallRecord } from '../records/records.js';

type Value = string | number | null;
type Row = Record<string, unknown>;

const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

export const modelCallInsert = `INSERT INTO model_calls (timestamp, run_id, step, provider, model, response_model, response_id,
  streaming, latency_ms, time_to_first_token_ms, status, finish_reason, input_tokens, cached_input_tokens, output_tokens,
  total_tokens, reasoning_tokens, cost_usd, cache_hit, retries, error_code, error_message, http_status, messages_json, output_json,
  batch_id, custom_id)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export function modelCallArgs(r: ModelCallRecord): Value[] {
  return [
    r.timestamp,
    r.runId,
    r.step,
    r.provider,
    r.model,
    r.responseModel,
    r.responseId,
    r.streaming ? 1 : 0,
    r.latencyMs,
    r.timeToFirstTokenMs,
    r.status,
    r.finishReason,
    r.inputTokens,
    r.cachedInputTokens,
    r.outputTokens,
    r.totalTokens,
    r.reasoningTokens,
    r.costUSD,
    r.cacheHit ? 1 : 0,
    r.retries,
    r.errorCode,
    r.errorMessage,
    r.httpStatus,
    json(r.messages),
    json(r.output),
    r.batchId ?? null,
    r.customId ?? null,
  ];
}

export const toolCallInsert = `INSERT INTO tool_calls (timestamp, run_id, step, tool_call_id, tool_name, duration_ms, status, is_error,
  error_code, error_message, arguments, output_json, batch_id, custom_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export function toolCallArgs(r: ToolCallRecord): Value[] {
  return [
    r.timestamp,
    r.runId,
    r.step,
    r.toolCallId,
    r.toolName,
    r.durationMs,
    r.status,
    r.isError ? 1 : 0,
    r.errorCode,
    r.errorMessage,
    r.arguments ?? null,
    json(r.output),
    r.batchId ?? null,
    r.customId ?? null,
  ];
}

const str = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** Batch columns become record fields only when set, so records of non-batch calls stay as they were. */
function withBatch<T extends { batchId?: string | null; customId?: string | null }>(record: T, row: Row): T {
  if (row.batch_id !== null && row.batch_id !== undefined) record.batchId = String(row.batch_id);
  if (row.custom_id !== null && row.custom_id !== undefined) record.customId = String(row.custom_id);
  return record;
}

export function rowToModelCall(row: Row): ModelCallRecord {
  const record: ModelCallRecord = {
    type: 'model-call',
    timestamp: String(row.timestamp),
    runId: String(row.run_id),
    step: Number(row.step),
    provider: String(row.provider),
    model: String(row.model),
    responseModel: str(row.response_model),
    responseId: str(row.response_id),
    streaming: Number(row.streaming) === 1,
    latencyMs: Number(row.latency_ms),
    timeToFirstTokenMs: num(row.time_to_first_token_ms),
    status: String(row.status) as ModelCallRecord['status'],
    finishReason: str(row.finish_reason),
    inputTokens: num(row.input_tokens),
    cachedInputTokens: num(row.cached_input_tokens),
    outputTokens: num(row.output_tokens),
    totalTokens: num(row.total_tokens),
    reasoningTokens: num(row.reasoning_tokens),
    costUSD: num(row.cost_usd),
    cacheHit: Number(row.cache_hit) === 1,
    retries: Number(row.retries),
    errorCode: str(row.error_code),
    errorMessage: str(row.error_message),
    httpStatus: num(row.http_status),
  };
  if (row.messages_json !== null && row.messages_json !== undefined)
    record.messages = JSON.parse(String(row.messages_json));
  if (row.output_json !== null && row.output_json !== undefined)
    record.output = JSON.parse(String(row.output_json));
  return withBatch(record, row);
}

export function rowToToolCall(row: Row): ToolCallRecord {
  const record: ToolCallRecord = {
    type: 'tool-call',
    timestamp: String(row.timestamp),
    runId: String(row.run_id),
    step: Number(row.step),
    toolCallId: String(row.tool_call_id),
    toolName: String(row.tool_name),
    durationMs: Number(row.duration_ms),
    status: String(row.status) as ToolCallRecord['status'],
    isError: Number(row.is_error) === 1,
    errorCode: str(row.error_code),
    errorMessage: str(row.error_message),
  };
  if (row.arguments !== null && row.arguments !== undefined) record.arguments = String(row.arguments);
  if (row.output_json !== null && row.output_json !== undefined)
    record.output = JSON.parse(String(row.output_json));
  return withBatch(record, row);
}
