import { InvalidOptionError } from '@toolloop/core';
import { MAX_TIMER_MS, validateFunction, validateNumber } from '../util/validate-option.js';
import type { RetryPolicy } from './retry-policies.js';
import { defaultRetryOn } from './retry-policies.js';

/** What `onRetry` hears before each wait. */
export interface RetryEvent {
  /** 1-based number of the retry about to happen (= the number of the attempt that failed). */
  attempt: number;
  maxRetries: number;
  /** How long it waits before the retry. */
  delayMs: number;
  /** Where the wait came from: the server's `retry-after(-ms)` header, or backoff. */
  delaySource: 'retry-after' | 'backoff';
  /** The failed attempt's error. */
  error: unknown;
}

/** Options of {@link retry}; every field is optional and validated at construction. */
export interface RetryOptions {
  /** Retries after the first attempt (default 2, so at most 3 requests). 0 turns retrying off. */
  maxRetries?: number;
  /** Backoff ceiling before the first retry (default 500 ms); it doubles per retry. */
  initialDelayMs?: number;
  /** Backoff cap (default 8000 ms). */
  maxDelayMs?: number;
  /** A server wait (`retry-after`) longer than this fails fast with a RetryError (default 60 000 ms). */
  maxRetryAfterMs?: number;
  /** Decides which failures are retried (default {@link defaultRetryOn}). */
  retryOn?: RetryPolicy;
  /** Limit per attempt: the attempt's request is aborted and fails with a retryable TimeoutError. */
  timeoutMs?: number;
  /** Limit for the whole call: every attempt and every wait (and, for streams, the rest of the stream). */
  totalTimeoutMs?: number;
  /** Called before each wait; may be async (it is awaited). */
  onRetry?: (event: RetryEvent) => void | Promise<void>;
  /** A number in [0, 1) for jitter; inject a fixed one in tests (default Math.random). */
  random?: () => number;
}

/** RetryOptions with defaults applied. */
export interface ResolvedRetryOptions {
  maxRetries: number;
  initialDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
  retryOn: RetryPolicy;
  timeoutMs: number | undefined;
  totalTimeoutMs: number | undefined;
  onRetry: ((event: RetryEvent) => void | Promise<void>) | undefined;
  random: () => number;
}

const owner = 'retry';

/** Validates at construction, so a typo fails when the agent is built, not on the first 503. */
export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  const {
    maxRetries = 2,
    initialDelayMs = 500,
    maxDelayMs = 8000,
    maxRetryAfterMs = 60_000,
    retryOn = defaultRetryOn,
    timeoutMs,
    totalTimeoutMs,
    onRetry,
    random = Math.random,
  } = options;
  validateNumber({
    owner,
    option: 'maxRetries',
    value: maxRetries,
    sign: 'non-negative',
    integer: true,
    max: 1000,
  });
  validateNumber({
    owner,
    option: 'initialDelayMs',
    value: initialDelayMs,
    sign: 'non-negative',
    max: MAX_TIMER_MS,
  });
  validateNumber({ owner, option: 'maxDelayMs', value: maxDelayMs, sign: 'non-negative', max: MAX_TIMER_MS });
  validateNumber({
    owner,
    option: 'maxRetryAfterMs',
    value: maxRetryAfterMs,
    sign: 'non-negative',
    max: MAX_TIMER_MS,
  });
  if (initialDelayMs > maxDelayMs) {
    throw new InvalidOptionError({
      option: 'initialDelayMs',
      message: `retry({ initialDelayMs: ${initialDelayMs} }) is larger than maxDelayMs (${maxDelayMs}); lower initialDelayMs or raise maxDelayMs.`,
    });
  }
  if (timeoutMs !== undefined) {
    validateNumber({ owner, option: 'timeoutMs', value: timeoutMs, sign: 'positive', max: MAX_TIMER_MS });
  }
  if (totalTimeoutMs !== undefined) {
    validateNumber({
      owner,
      option: 'totalTimeoutMs',
      value: totalTimeoutMs,
      sign: 'positive',
      max: MAX_TIMER_MS,
    });
  }
  validateFunction(owner, 'retryOn', retryOn);
  validateFunction(owner, 'onRetry', onRetry);
  validateFunction(owner, 'random', random);
  return {
    maxRetries,
    initialDelayMs,
    maxDelayMs,
    maxRetryAfterMs,
    retryOn,
    timeoutMs,
    totalTimeoutMs,
    onRetry,
    random,
  };
}
