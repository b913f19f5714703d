import { isAbortError, raceAbort } from '@toolloop/core/internal';

/** Tells waiters the leader ended without a usable result (aborted, or its stream was abandoned): try again. */
export const RETRY: unique symbol = Symbol('toolloop.cache.retry');

/**
 * What a leader hands its followers: the encoded entry, so every follower decodes its own copy
 * and no caller can mutate another's response.
 */
export type FlightOutcome = { value: string } | typeof RETRY;

/** One in-flight lookup that identical calls wait on. */
export interface Flight {
  readonly promise: Promise<FlightOutcome>;
  settled: boolean;
  settle(outcome: FlightOutcome): void;
  fail(error: unknown): void;
}

export function startFlight(): Flight {
  let resolve!: (outcome: FlightOutcome) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<FlightOutcome>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // With no follower the rejection has no handler; it is the leader's own error, thrown to its caller.
  promise.catch(() => {});
  const flight: Flight = {
    promise,
    settled: false,
    settle(outcome) {
      if (flight.settled) return;
      flight.settled = true;
      resolve(outcome);
    },
    fail(error) {
      if (flight.settled) return;
      flight.settled = true;
      reject(error);
    },
  };
  return flight;
}

/**
 * The single-flight protocol over keys: while an identical call is in flight, others wait for it
 * and take its entry; once none is, the next caller leads. The check and the lead share one
 * synchronous step, so two callers can never both lead. A leader that was cancelled or shared
 * nothing readable settles with RETRY: its waiters start over.
 */
export class SingleFlight<Entry> {
  private readonly inflight = new Map<string, Flight>();

  /** Leads the call for `key` when no identical call is in flight (synchronously, so two callers never both lead). */
  lead(key: string): Flight | undefined {
    if (this.inflight.has(key)) return undefined;
    const flight = startFlight();
    this.inflight.set(key, flight);
    return flight;
  }

  /**
   * Waits for identical calls in flight; resolves with the entry one of them shared (`decode`
   * says whether it reads back), or with a flight this caller now leads. Rejects with the
   * leader's error, or with AbortError when `signal` fires while waiting.
   */
  async follow(
    key: string,
    signal: AbortSignal | undefined,
    decode: (value: string) => Entry | undefined,
  ): Promise<{ entry: Entry } | { flight: Flight }> {
    for (;;) {
      const pending = this.inflight.get(key);
      if (!pending) return { flight: this.lead(key)! };
      const outcome = await raceAbort(pending.promise, signal);
      const entry = outcome === RETRY ? undefined : decode(outcome.value);
      if (entry) return { entry };
    }
  }

  /**
   * The leader failed: waiters get the same error, unless the leader was aborted — by its run's
   * signal or by one an outer middleware gave its `next` — which is no reason to fail anyone else.
   */
  fail(flight: Flight, error: unknown, signal: AbortSignal | undefined): void {
    if (signal?.aborted || isAbortError(error)) flight.settle(RETRY);
    else flight.fail(error);
  }

  /** The leader is done: nobody is left to settle its flight, so waiters start over rather than wait forever. */
  land(key: string, flight: Flight): void {
    flight.settle(RETRY);
    if (this.inflight.get(key) === flight) this.inflight.delete(key);
  }
}
