import { AbortError, StreamInterruptedError, TimeoutError } from '@toolloop/core';
import { describe, expect, it } from 'vitest';
import { apiError } from '../test-support/api-error.js';
import { defaultRetryOn, type RetryContext, retryPolicies } from './retry-policies.js';

function context(error: unknown, extra: Partial<RetryContext> = {}): RetryContext {
  const headers = (error as { responseHeaders?: Record<string, string> }).responseHeaders ?? {};
  return { attempt: 1, error, headers, elapsedMs: 0, ...extra };
}

describe('defaultRetryOn', () => {
  it.each([408, 409, 429, 500, 502, 503, 504])('retries %i', (status) => {
    expect(defaultRetryOn(context(apiError(status)))).toBe(true);
  });

  it.each([400, 401, 403, 404, 413, 422])('never retries %i', (status) => {
    expect(defaultRetryOn(context(apiError(status)))).toBe(false);
  });

  it('retries connection errors, timed-out attempts and streams cut before their first part', () => {
    expect(defaultRetryOn(context(apiError(undefined)))).toBe(true);
    expect(defaultRetryOn(context(new TimeoutError({ message: 'slow', phase: 'attempt' })))).toBe(true);
    expect(defaultRetryOn(context(new StreamInterruptedError({ message: 'cut' })))).toBe(true);
  });

  it('never retries an abort or an unknown error', () => {
    expect(defaultRetryOn(context(new AbortError()))).toBe(false);
    expect(defaultRetryOn(context(new TypeError('bug')))).toBe(false);
  });

  it('lets x-should-retry force or forbid, and otherwise respects isRetryable=false', () => {
    expect(defaultRetryOn(context(apiError(400, { headers: { 'x-should-retry': 'true' } })))).toBe(true);
    expect(defaultRetryOn(context(apiError(503, { headers: { 'x-should-retry': 'false' } })))).toBe(false);
    const quota = apiError(429, { providerCode: 'insufficient_quota', isRetryable: false });
    expect(defaultRetryOn(context(quota))).toBe(false);
    const forcedQuota = apiError(429, { isRetryable: false, headers: { 'x-should-retry': 'true' } });
    expect(defaultRetryOn(context(forcedQuota))).toBe(true);
  });
});

describe('retryPolicies', () => {
  const { statuses, connectionErrors, any, all, not, maxAttempts, maxElapsedMs } = retryPolicies;

  it('statuses matches listed statuses only', () => {
    const policy = statuses([429]);
    expect(policy(context(apiError(429)))).toBe(true);
    expect(policy(context(apiError(503)))).toBe(false);
    expect(policy(context(apiError(undefined)))).toBe(false);
  });

  it('connectionErrors matches failures without an error status', () => {
    expect(connectionErrors()(context(apiError(undefined)))).toBe(true);
    expect(connectionErrors()(context(apiError(503)))).toBe(false);
  });

  it('any, all and not combine policies', () => {
    const rateLimitedOrOffline = any(statuses([429]), connectionErrors());
    expect(rateLimitedOrOffline(context(apiError(429)))).toBe(true);
    expect(rateLimitedOrOffline(context(apiError(undefined)))).toBe(true);
    expect(rateLimitedOrOffline(context(apiError(500)))).toBe(false);

    const defaultButNot429 = all(defaultRetryOn, not(statuses([429])));
    expect(defaultButNot429(context(apiError(503)))).toBe(true);
    expect(defaultButNot429(context(apiError(429)))).toBe(false);
  });

  it('maxAttempts and maxElapsedMs cap by attempt and time', () => {
    const error = apiError(503);
    expect(maxAttempts(2)(context(error, { attempt: 1 }))).toBe(true);
    expect(maxAttempts(2)(context(error, { attempt: 2 }))).toBe(false);
    expect(maxElapsedMs(1000)(context(error, { elapsedMs: 999 }))).toBe(true);
    expect(maxElapsedMs(1000)(context(error, { elapsedMs: 1000 }))).toBe(false);
  });
});
