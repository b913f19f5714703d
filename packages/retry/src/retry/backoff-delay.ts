/** Inputs of {@link backoffDelay}. */
export interface BackoffDelayOptions {
  /** 0 for the wait before the first retry, 1 before the second, … */
  retryIndex: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /** A number in [0, 1), like Math.random. */
  random: () => number;
}

/**
 * Exponential backoff with full jitter: a uniform draw from
 * `[0, min(maxDelayMs, initialDelayMs · 2^retryIndex))`. Full jitter spreads clients that failed
 * together (one 503 hitting a thousand callers) instead of having them retry in lockstep.
 */
export function backoffDelay({
  retryIndex,
  initialDelayMs,
  maxDelayMs,
  random,
}: BackoffDelayOptions): number {
  const ceiling = Math.min(maxDelayMs, initialDelayMs * 2 ** retryIndex);
  return Math.floor(random() * ceiling);
}
