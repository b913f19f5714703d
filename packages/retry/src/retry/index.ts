export { type BackoffDelayOptions, backoffDelay } from './backoff-delay.js';
export { retry } from './retry.js';
export { retryAfterMs } from './retry-after.js';
export { RetryError, type RetryErrorOptions, type RetryStopReason } from './retry-error.js';
export type { RetryEvent, RetryOptions } from './retry-options.js';
export { defaultRetryOn, type RetryContext, type RetryPolicy, retryPolicies } from './retry-policies.js';
