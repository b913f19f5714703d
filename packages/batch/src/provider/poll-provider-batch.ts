import { APICallError, type ProviderBatch, type ProviderBatchApi } from '@toolloop/core';
import { sleep } from '@toolloop/core/internal';

/** How often a provider batch is polled: from `initialMs`, doubling, capped at `maxMs`, with jitter. */
export interface PollOptions {
  /** First wait, in ms (default 1,000). */
  initialMs?: number;
  /** Longest wait, in ms (default 60,000). */
  maxMs?: number;
}

const FINAL = new Set(['completed', 'failed', 'expired', 'cancelled']);

/** Consecutive passing faults waited out before the last one is thrown. */
export const FAULTS_IN_A_ROW = 5;

/** A fault that passes (429, 5xx, a reset): waited out, not thrown at once. */
export function isPassingFault(error: unknown): error is APICallError {
  return APICallError.isInstance(error) && error.isRetryable;
}

/**
 * The waits of one poll or retry loop: from `initialMs`, doubling, capped at `maxMs`, each 50–100 %
 * of its step (jitter, so many waiting processes do not poll in step); the signal ends a wait at once.
 */
export function backoff(options: PollOptions, signal?: AbortSignal): () => Promise<void> {
  const { initialMs = 1000, maxMs = 60_000 } = options;
  let step = initialMs;
  return async () => {
    await sleep(step * (0.5 + Math.random() / 2), signal);
    step = Math.min(maxMs, step * 2);
  };
}

/** True once a provider batch will not change any more. */
function isFinal(batch: ProviderBatch): boolean {
  return FINAL.has(batch.status);
}

/**
 * Retrieves the batch until it is final. Waits grow from `initialMs` to `maxMs` (×2 each time),
 * each one 50–100% of its step (jitter, so many waiting processes do not poll in step); the
 * signal ends the wait at once. A retryable API error is waited out (five in a row are thrown).
 */
export async function pollProviderBatch(
  api: ProviderBatchApi,
  batchId: string,
  options: PollOptions & { signal?: AbortSignal; onPoll?: (batch: ProviderBatch) => void } = {},
): Promise<ProviderBatch> {
  const { signal, onPoll } = options;
  const wait = backoff(options, signal);
  let failures = 0;
  for (;;) {
    let batch: ProviderBatch | undefined;
    try {
      batch = await api.retrieve(batchId, signal ? { signal } : {});
      failures = 0;
    } catch (error) {
      // A passing fault (429, 5xx, a reset) is waited out like a batch still running; five in a row end it.
      if (!isPassingFault(error) || ++failures >= FAULTS_IN_A_ROW) throw error;
    }
    if (batch) {
      onPoll?.(batch);
      if (isFinal(batch)) return batch;
    }
    await wait();
  }
}
