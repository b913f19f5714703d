import type { ProviderBatchStatus } from '@toolloop/core';

const STATUSES: Record<string, ProviderBatchStatus> = {
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
export function mapBatchStatus(providerStatus: string): ProviderBatchStatus {
  return STATUSES[providerStatus] ?? 'running';
}
