import type { BatchErrorData, BatchFault, WireBatch } from './batch-types.js';
import type { BatchInput } from './read-batch-input.js';
import type { BatchLineResult } from './run-batch-line.js';

/** The statuses of OpenAI's Batch object. */
export type BatchStatus =
  | 'validating'
  | 'failed'
  | 'in_progress'
  | 'finalizing'
  | 'completed'
  | 'expired'
  | 'cancelling'
  | 'cancelled';

/** The timing a batch was created with. */
export interface BatchTiming {
  validatingMs: number;
  lineMs: number;
  finalizingMs: number;
  cancellingMs: number;
}

/** Everything the simulator knows about one batch; times are epoch ms on the batch clock. */
export interface BatchRecord {
  id: string;
  endpoint: string;
  inputFileId: string;
  completionWindow: string;
  metadata: Record<string, string> | null;
  input: BatchInput;
  fault: BatchFault | undefined;
  timing: BatchTiming;
  status: BatchStatus;
  createdAtMs: number;
  expiresAtMs: number;
  inProgressAtMs?: number;
  finalizingAtMs?: number;
  completedAtMs?: number;
  failedAtMs?: number;
  expiredAtMs?: number;
  cancellingAtMs?: number;
  cancelledAtMs?: number;
  /** Finished lines, in the order they finished (input order). */
  results: BatchLineResult[];
  completed: number;
  failed: number;
  usage: { input: number; cached: number; output: number };
  errors?: BatchErrorData[];
  outputFileId?: string;
  errorFileId?: string;
}

const seconds = (ms: number | undefined): number | null => (ms === undefined ? null : Math.floor(ms / 1000));

/**
 * The wire `Batch` object. Unset optional fields are `null`, as OpenAI sends them (its OpenAPI
 * document types them as plain strings/integers, its own example shows `null`).
 */
export function batchObject(batch: BatchRecord): WireBatch {
  // Lines are counted once validation has passed.
  const validated = batch.inProgressAtMs !== undefined;
  return {
    id: batch.id,
    object: 'batch',
    endpoint: batch.endpoint,
    model: batch.input.model ?? null,
    errors: batch.errors ? { object: 'list', data: batch.errors } : null,
    input_file_id: batch.inputFileId,
    completion_window: batch.completionWindow,
    status: batch.status,
    output_file_id: batch.outputFileId ?? null,
    error_file_id: batch.errorFileId ?? null,
    created_at: Math.floor(batch.createdAtMs / 1000),
    in_progress_at: seconds(batch.inProgressAtMs),
    expires_at: seconds(batch.expiresAtMs),
    finalizing_at: seconds(batch.finalizingAtMs),
    completed_at: seconds(batch.completedAtMs),
    failed_at: seconds(batch.failedAtMs),
    expired_at: seconds(batch.expiredAtMs),
    cancelling_at: seconds(batch.cancellingAtMs),
    cancelled_at: seconds(batch.cancelledAtMs),
    request_counts: {
      total: validated ? batch.input.lines.length : 0,
      completed: batch.completed,
      failed: batch.failed,
    },
    usage: {
      input_tokens: batch.usage.input,
      input_tokens_details: { cached_tokens: batch.usage.cached },
      output_tokens: batch.usage.output,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: batch.usage.input + batch.usage.output,
    },
    metadata: batch.metadata,
  };
}
