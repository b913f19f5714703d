/**
 * Retry with backoff and full jitter, timeouts, and client-side rate limits, as middleware.
 * @module @toolloop/retry
 */
export * from './rate-limit/index.js';
export * from './retry/index.js';
