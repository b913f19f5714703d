import type { LogRecord } from '../records/records.js';

function formatCost(costUSD: number | null): string {
  if (costUSD === null) return '$?';
  return `$${costUSD.toFixed(6)}`;
}

function count(tokens: number | null): string {
  return tokens === null ? '?' : String(tokens);
}

/** ` batch:<id> item:<custom_id>` for a call of a batch item, else nothing. */
function batchPart(record: LogRecord): string {
  if (record.batchId == null) return '';
  return ` batch:${record.batchId} item:${record.customId ?? '?'}`;
}

/**
 * One human-readable line for a record (time is UTC `HH:MM:SS`).
 * A call of a batch item ends with `batch:<batchId> item:<customId>`.
 * @example '12:00:01 model gpt-4o-mini step 1 ok 812ms in 123 (cached 0) out 45 $0.000045 cache:miss retries:0'
 */
export function formatLine(record: LogRecord): string {
  const time = record.timestamp.slice(11, 19);
  if (record.type === 'tool-call') {
    const outcome = record.isError ? `${record.status} ${record.errorCode ?? ''}`.trimEnd() : 'ok';
    return `${time} tool ${record.toolName} step ${record.step} ${outcome} ${Math.round(record.durationMs)}ms${batchPart(record)}`;
  }
  const parts = [time, 'model', record.model, 'step', String(record.step)];
  if (record.status === 'ok') parts.push('ok');
  else {
    parts.push(record.status);
    if (record.httpStatus !== null) parts.push(String(record.httpStatus));
    if (record.errorCode) parts.push(record.errorCode);
  }
  parts.push(`${Math.round(record.latencyMs)}ms`);
  if (record.timeToFirstTokenMs !== null) parts.push(`ttft ${Math.round(record.timeToFirstTokenMs)}ms`);
  parts.push(
    `in ${count(record.inputTokens)} (cached ${count(record.cachedInputTokens)}) out ${count(record.outputTokens)}`,
  );
  if (record.truncated) {
    const limit =
      record.truncated.maxTokens === null ? "the server's limit" : `maxTokens ${record.truncated.maxTokens}`;
    parts.push(`TRUNCATED at ${limit}`);
  }
  parts.push(formatCost(record.costUSD));
  parts.push(`cache:${record.cacheHit ? 'hit' : 'miss'}`, `retries:${record.retries}`);
  return parts.join(' ') + batchPart(record);
}
