import type { ModelCallContext } from '@toolloop/core';

/**
 * The signal of the attempt retry() is running for a model call, so rateLimit() inside it can
 * leave its queue when that attempt times out. A middleware sees only the run's signal
 * (`context.signal`), not the options `next` was called with; without this, a timed-out
 * attempt's waiter would stay queued and later spend a request and a slot on a call nobody awaits.
 * Keyed by the context, which is fresh per model call, so concurrent calls never share an entry.
 */
const attemptSignals = new WeakMap<ModelCallContext, AbortSignal>();

/** Records (or, with undefined, forgets) the signal of the attempt now running for `context`. */
export function setAttemptSignal(context: ModelCallContext, signal: AbortSignal | undefined): void {
  if (signal) attemptSignals.set(context, signal);
  else attemptSignals.delete(context);
}

/** The running attempt's signal when retry() set one, else the run's signal. */
export function attemptSignal(context: ModelCallContext): AbortSignal | undefined {
  return attemptSignals.get(context) ?? context.signal;
}
