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
