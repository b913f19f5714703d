import type { ProviderBatch, ProviderBatchError, Usage } from '@toolloop/core';
import { mapUsage } from '../response/map-usage.js';
import { mapBatchStatus } from './map-batch-status.js';
import type { WireBatch } from './wire-batch.js';

const ms = (seconds: number | null | undefined): number | undefined =>
  typeof seconds === 'number' ? seconds * 1000 : undefined;

const count = (value: unknown): number => (typeof value === 'number' && value >= 0 ? value : 0);

/** The Batch object's Responses-style usage, read by the same rule as a completion's. */
function usageOf(usage: WireBatch['usage']): Usage | undefined {
  if (!usage || typeof usage.input_tokens !== 'number' || typeof usage.output_tokens !== 'number')
    return undefined;
  return mapUsage({
    prompt_tokens: usage.input_tokens,
    completion_tokens: usage.output_tokens,
    total_tokens: usage.total_tokens,
    prompt_tokens_details: usage.input_tokens_details ?? null,
    completion_tokens_details: usage.output_tokens_details ?? null,
  });
}

function errorsOf(errors: WireBatch['errors']): ProviderBatchError[] {
  const out: ProviderBatchError[] = [];
  for (const error of errors?.data ?? []) {
    const entry: ProviderBatchError = {
      code: error.code ?? 'unknown',
      message: error.message ?? '(no message)',
    };
    if (typeof error.line === 'number') entry.line = error.line;
    if (typeof error.param === 'string') entry.param = error.param;
    out.push(entry);
  }
  return out;
}

/** The wire `Batch` → toolloop's ProviderBatch (seconds → ms, nulls → undefined, neutral status). */
export function mapBatch(batch: WireBatch): ProviderBatch {
  const finishedAt = batch.completed_at ?? batch.failed_at ?? batch.expired_at ?? batch.cancelled_at;
  return {
    id: batch.id,
    status: mapBatchStatus(batch.status),
    providerStatus: batch.status,
    counts: {
      total: count(batch.request_counts?.total),
      completed: count(batch.request_counts?.completed),
      failed: count(batch.request_counts?.failed),
    },
    createdAtMs: ms(batch.created_at),
    finishedAtMs: ms(finishedAt),
    expiresAtMs: ms(batch.expires_at),
    errors: errorsOf(batch.errors),
    usage: usageOf(batch.usage),
    metadata: batch.metadata ?? {},
  };
}
