import type { BatchStatus } from './provider-batch-api.js';

const STATUSES: Record<string, BatchStatus> = {
  validating: 'validating',
  in_progress: 'running',
  finalizing: 'finalizing',
  completed: 'completed',
  failed: 'failed',
  expired: 'expired',
  cancelling: 'cancelling',
  cancelled: 'cancelled',
  // British spelling, seen on some compatible servers.
  canceled: 'cancelled',
  canceling: 'cancelling',
};

/**
 * OpenAI's batch status → toolloop's. A word no server documents maps to `'running'`: polling on
 * is safe, declaring an unknown state final is not.
 */
export function mapBatchStatus(providerStatus: string): BatchStatus {
  return STATUSES[providerStatus] ?? 'running';
}

const FINAL = new Set<BatchStatus>(['completed', 'failed', 'expired', 'cancelled']);

/** True for a status that never changes again (`completed`, `failed`, `expired`, `cancelled`). */
export function isFinalBatchStatus(status: BatchStatus): boolean {
  return FINAL.has(status);
}
