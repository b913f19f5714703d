import { APICallError, hasErrorCode } from '@toolloop/core';
import { isRetryableStatus } from '@toolloop/core/internal';

/** What a retry policy decides on: the attempt that just failed. */
export interface RetryContext {
  /** 1-based number of the attempt that failed. */
  attempt: number;
  error: unknown;
  /** Its response headers, lower-cased; `{}` when there was no response (connection error, timeout). */
  headers: Readonly<Record<string, string>>;
  /** Milliseconds since the first attempt started. */
  elapsedMs: number;
}

/**
 * Decides whether a failed attempt is worth another. A pure function of its context: no I/O,
 * no clock, so a policy is tested by calling it. `maxRetries` and abort are checked outside it.
 */
export type RetryPolicy = (context: RetryContext) => boolean;

function statusOf(error: unknown): number | undefined {
  return APICallError.isInstance(error) ? error.status : undefined;
}

/**
 * Building blocks for `retry({ retryOn })`; combine them with `any`, `all` and `not`.
 * @example retry({ retryOn: retryPolicies.all(retryPolicies.statuses([429, 503]), retryPolicies.maxElapsedMs(30_000)) })
 */
export const retryPolicies = {
  /** The attempt failed with an HTTP answer whose status is listed. */
  statuses(statuses: readonly number[]): RetryPolicy {
    const set = new Set(statuses);
    return function statusesPolicy({ error }) {
      const status = statusOf(error);
      return status !== undefined && set.has(status);
    };
  },

  /** 408, 409, 429 and 5xx. */
  retryableStatuses(): RetryPolicy {
    return function retryableStatusesPolicy({ error }) {
      const status = statusOf(error);
      return status !== undefined && isRetryableStatus(status);
    };
  },

  /**
   * No usable answer arrived: connection reset, refused, DNS failure, a body that broke off
   * (an APICallError without an error status), a timed-out attempt, or a stream cut before its
   * first part.
   */
  connectionErrors(): RetryPolicy {
    return function connectionErrorsPolicy({ error }) {
      if (APICallError.isInstance(error)) return error.status === undefined || error.status < 400;
      return hasErrorCode(error, 'timeout') || hasErrorCode(error, 'stream-interrupted');
    };
  },

  /** The provider did not mark the error as final (e.g. a 429 for an exhausted quota has `isRetryable: false`). */
  providerAllows(): RetryPolicy {
    return function providerAllowsPolicy({ error }) {
      return !APICallError.isInstance(error) || error.isRetryable;
    };
  },

  /** The server sent `x-should-retry` with this value (`true` forces a retry, `false` forbids one). */
  serverSays(value: boolean): RetryPolicy {
    const expected = String(value);
    return function serverSaysPolicy({ headers }) {
      return headers['x-should-retry']?.trim().toLowerCase() === expected;
    };
  },

  /** Fewer than `attempts` attempts have been made (a per-policy cap, tighter than `maxRetries`). */
  maxAttempts(attempts: number): RetryPolicy {
    return function maxAttemptsPolicy({ attempt }) {
      return attempt < attempts;
    };
  },

  /** Less than `ms` has passed since the first attempt. */
  maxElapsedMs(ms: number): RetryPolicy {
    return function maxElapsedPolicy({ elapsedMs }) {
      return elapsedMs < ms;
    };
  },

  /** Retry when at least one policy says so. */
  any(...policies: RetryPolicy[]): RetryPolicy {
    return function anyPolicy(context) {
      return policies.some((policy) => policy(context));
    };
  },

  /** Retry only when every policy says so. */
  all(...policies: RetryPolicy[]): RetryPolicy {
    return function allPolicy(context) {
      return policies.every((policy) => policy(context));
    };
  },

  /** Retry when the policy says no. */
  not(policy: RetryPolicy): RetryPolicy {
    return function notPolicy(context) {
      return !policy(context);
    };
  },
};

const serverForces = retryPolicies.serverSays(true);
const serverForbids = retryPolicies.serverSays(false);
const worthRetrying = retryPolicies.all(
  retryPolicies.providerAllows(),
  retryPolicies.any(retryPolicies.retryableStatuses(), retryPolicies.connectionErrors()),
);

/**
 * The default policy: `x-should-retry: true` forces a retry and `false` forbids one; otherwise
 * retry 408, 409, 429, 5xx and connection errors unless the provider marked the error final.
 * Other 4xx are never retried: the same request would fail the same way.
 */
export const defaultRetryOn: RetryPolicy = function defaultRetryOn(context) {
  if (serverForces(context)) return true;
  if (serverForbids(context)) return false;
  return worthRetrying(context);
};
