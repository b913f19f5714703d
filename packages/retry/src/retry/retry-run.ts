import {
  AbortError,
  APICallError,
  type CallOptions,
  type ModelCallContext,
  TimeoutError,
} from '@toolloop/core';
import './retry-metadata.js';
import {
  abortErrorFrom,
  isAbortError,
  linkSignals,
  raceAbort,
  redactSecrets,
  sleep,
} from '@toolloop/core/internal';
import { backoffDelay } from './backoff-delay.js';
import { retryAfterMs } from './retry-after.js';
import { RetryError } from './retry-error.js';
import type { ResolvedRetryOptions } from './retry-options.js';

/** One attempt: the call options it must pass inward, and its timer. */
interface Attempt {
  callOptions: CallOptions | undefined;
  controller: AbortController | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * The state of one model call under retry: its attempts, waits and timeouts. Shared by the
 * generate and stream hooks; a fresh one per call, so concurrent calls share nothing.
 */
export class RetryRun {
  private readonly options: ResolvedRetryOptions;
  private readonly context: ModelCallContext;
  private readonly startedAt = Date.now();
  private readonly total: AbortController | undefined;
  private readonly totalTimer: ReturnType<typeof setTimeout> | undefined;
  /** The caller's signal and the total timeout: what every wait and the handed-over stream obey. */
  readonly signal: AbortSignal | undefined;
  /** Detach the joined signals from the caller's, which may live far longer than this call. */
  private readonly unlinks: Array<() => void> = [];

  /** The signal the retried call itself was made with (the run's, or an outer layer's). */
  private readonly outer: AbortSignal | undefined;

  constructor(options: ResolvedRetryOptions, context: ModelCallContext, outer: AbortSignal | undefined) {
    this.options = options;
    this.context = context;
    this.outer = outer;
    const { totalTimeoutMs } = options;
    if (totalTimeoutMs !== undefined) {
      const total = new AbortController();
      this.total = total;
      this.totalTimer = setTimeout(() => total.abort(this.totalTimeoutError(undefined)), totalTimeoutMs);
    }
    const linked = linkSignals([outer, this.total?.signal]);
    this.signal = linked.signal;
    this.unlinks.push(linked.unlink);
    context.metadata.retries = 0;
  }

  /** Clears the timers and unlinks the signals; call once the call has settled (or its stream has ended). */
  dispose(): void {
    if (this.totalTimer !== undefined) clearTimeout(this.totalTimer);
    for (const unlink of this.unlinks) unlink();
  }

  /**
   * Runs `call` until it succeeds or retrying gives up. `call` gets the options to pass to
   * `next`: a signal joining the caller's, the total and the attempt timeout; undefined when there
   * is none, so the caller's own call options flow on untouched.
   */
  async execute<T>(call: (callOptions: CallOptions | undefined) => Promise<T>): Promise<T> {
    const errors: unknown[] = [];
    for (let attempt = 1; ; attempt++) {
      const current = this.openAttempt(attempt);
      let error: unknown;
      try {
        this.throwIfStopped(undefined);
        return await raceAbort(call(current.callOptions), current.callOptions?.signal, abortErrorFrom);
      } catch (raw) {
        error = this.classify(raw, current);
      } finally {
        if (current.timer !== undefined) clearTimeout(current.timer);
      }
      errors.push(error);
      const delay = this.decide(attempt, error, errors);
      await this.options.onRetry?.({
        attempt,
        maxRetries: this.options.maxRetries,
        delayMs: delay.ms,
        delaySource: delay.source,
        error,
      });
      try {
        await sleep(delay.ms, this.signal);
      } catch (raw) {
        throw this.classify(raw, undefined);
      }
      // Counted once the wait is over: a call aborted during the wait made no further request.
      this.context.metadata.retries = attempt;
    }
  }

  /**
   * Maps an error that arrived after retrying ended (a handed-over stream failing) to what the
   * caller should see: AbortError when the caller aborted, TimeoutError when the total limit hit.
   */
  lateError(raw: unknown): unknown {
    return this.stoppedError(raw) ?? raw;
  }

  private openAttempt(attempt: number): Attempt {
    const { timeoutMs } = this.options;
    if (timeoutMs === undefined) {
      const signal = this.signal;
      return { callOptions: signal ? { signal } : undefined, controller: undefined, timer: undefined };
    }
    const controller = new AbortController();
    const timer = setTimeout(
      () =>
        controller.abort(
          new TimeoutError({
            message: `Attempt ${attempt} of the model call got no answer within timeoutMs (${timeoutMs} ms); it is retried if attempts remain.`,
            timeoutMs,
            phase: 'attempt',
          }),
        ),
      timeoutMs,
    );
    const linked = linkSignals([this.signal, controller.signal]);
    this.unlinks.push(linked.unlink);
    const signal = linked.signal!;
    return { callOptions: { signal }, controller, timer };
  }

  /** Caller abort and total timeout end everything; otherwise an attempt timeout or the raw error. */
  private classify(raw: unknown, attempt: Attempt | undefined): unknown {
    const stopped = this.stoppedError(raw);
    if (stopped) throw stopped;
    const attemptReason: unknown = attempt?.controller?.signal.reason;
    if (attempt?.controller?.signal.aborted && attemptReason instanceof TimeoutError) {
      if (raw === attemptReason) return raw;
      return new TimeoutError({
        message: attemptReason.message,
        timeoutMs: attemptReason.timeoutMs!,
        phase: 'attempt',
        cause: raw,
      });
    }
    return raw;
  }

  private stoppedError(raw: unknown): Error | undefined {
    const outer = this.outer;
    if (outer?.aborted) {
      return AbortError.isInstance(raw) ? raw : new AbortError({ cause: outer.reason ?? raw });
    }
    if (this.total?.signal.aborted) {
      if (raw instanceof TimeoutError && raw.phase === 'total') return raw;
      return this.totalTimeoutError(raw);
    }
    return undefined;
  }

  private throwIfStopped(raw: unknown): void {
    const stopped = this.stoppedError(raw);
    if (stopped) throw stopped;
  }

  private totalTimeoutError(cause: unknown): TimeoutError {
    const timeoutMs = this.options.totalTimeoutMs!;
    return new TimeoutError({
      message: `The model call did not finish within totalTimeoutMs (${timeoutMs} ms), counting every attempt and wait.`,
      timeoutMs,
      phase: 'total',
      cause,
    });
  }

  /** Whether and how long to wait before another attempt; throws when retrying ends here. */
  private decide(
    attempt: number,
    error: unknown,
    errors: unknown[],
  ): { ms: number; source: 'retry-after' | 'backoff' } {
    const { maxRetries, retryOn, maxRetryAfterMs } = this.options;
    // An abort is the caller's decision, never a transient failure.
    if (isAbortError(error)) throw error;
    const headers = APICallError.isInstance(error) ? error.responseHeaders : {};
    const elapsedMs = Date.now() - this.startedAt;
    if (!retryOn({ attempt, error, headers, elapsedMs })) {
      if (attempt === 1) throw error;
      throw new RetryError({
        reason: 'not-retryable',
        errors,
        message: `The model call failed on attempt ${attempt} with an error that is not retried, after ${attempt - 1} retr${attempt === 2 ? 'y' : 'ies'}: ${messageOf(error)}`,
      });
    }
    if (attempt > maxRetries) {
      if (maxRetries === 0) throw error;
      throw new RetryError({
        reason: 'max-retries-exceeded',
        errors,
        message: `The model call failed ${attempt} times (maxRetries ${maxRetries}); the last error: ${messageOf(error)}`,
      });
    }
    const serverWait = retryAfterMs(headers);
    let delay: { ms: number; source: 'retry-after' | 'backoff' };
    if (serverWait !== undefined) {
      if (serverWait > maxRetryAfterMs) {
        throw new RetryError({
          reason: 'retry-after-too-long',
          errors,
          message: `The server asked to wait ${Math.ceil(serverWait)} ms before retrying, longer than maxRetryAfterMs (${maxRetryAfterMs} ms); giving up now instead of sleeping. Raise maxRetryAfterMs to wait, or try again later. Last error: ${messageOf(error)}`,
        });
      }
      delay = { ms: Math.ceil(serverWait), source: 'retry-after' };
    } else {
      const { initialDelayMs, maxDelayMs, random } = this.options;
      delay = {
        ms: backoffDelay({ retryIndex: attempt - 1, initialDelayMs, maxDelayMs, random }),
        source: 'backoff',
      };
    }
    const { totalTimeoutMs } = this.options;
    if (totalTimeoutMs !== undefined && elapsedMs + delay.ms >= totalTimeoutMs) {
      // Sleeping into a timeout we can already see would only delay the same failure.
      throw this.totalTimeoutError(error);
    }
    return delay;
  }
}

/** An attempt's message for ours: redacted, since an error from outside toolloop (a custom model) may quote a key. */
function messageOf(error: unknown): string {
  return redactSecrets(error instanceof Error ? error.message : String(error));
}
