import { AbortError } from '../errors/abort-error.js';
import { onAbort } from './on-abort.js';

const DONE = Object.freeze({ done: true, value: undefined }) as IteratorResult<never, undefined>;

/**
 * The iterator behind raceAbortIterable. Hand-written rather than an async generator: a part costs
 * one promise of its own and one `then`, not a generator resumption besides. Calls are served one
 * at a time, in order, as a generator's are.
 */
class AbortRacingIterator<T> implements AsyncIterableIterator<T> {
  readonly #source: AsyncIterable<T>;
  readonly #signal: AbortSignal;
  #iterator: AsyncIterator<T> | undefined;
  #closed = false;
  #dispose: (() => void) | undefined;
  /** The pending call's settlers; the abort listener rejects through them. */
  #resolve: ((result: IteratorResult<T>) => void) | undefined;
  #reject: ((error: unknown) => void) | undefined;
  #busy = false;
  readonly #waiting: Array<() => void> = [];

  constructor(source: AsyncIterable<T>, signal: AbortSignal) {
    this.#source = source;
    this.#signal = signal;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    if (!this.#busy) return this.#next();
    return new Promise<IteratorResult<T>>((resolve, reject) => {
      this.#waiting.push(() => {
        this.#next().then(resolve, reject);
      });
    });
  }

  return(): Promise<IteratorResult<T>> {
    // An early exit: the source is closed, not awaited (a stalled source may never settle).
    this.#close();
    return Promise.resolve(DONE);
  }

  #next(): Promise<IteratorResult<T>> {
    if (this.#closed) return Promise.resolve(DONE);
    const signal = this.#signal;
    if (signal.aborted) {
      this.#close();
      return Promise.reject(new AbortError({ cause: signal.reason }));
    }
    let next: Promise<IteratorResult<T>>;
    try {
      if (this.#iterator === undefined) {
        this.#iterator = this.#source[Symbol.asyncIterator]();
        // One listener for the whole iteration, not one per part.
        this.#dispose = onAbort(signal, this.#onAbort);
      }
      next = this.#iterator.next();
    } catch (error) {
      this.#close();
      return Promise.reject(error);
    }
    this.#busy = true;
    const result = new Promise<IteratorResult<T>>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    next.then(this.#onResult, this.#onError);
    return result;
  }

  /** The pending call is settled: serve the next waiting one. */
  #settled(): void {
    this.#resolve = undefined;
    this.#reject = undefined;
    this.#busy = false;
    this.#waiting.shift()?.();
  }

  readonly #onResult = (result: IteratorResult<T>): void => {
    const resolve = this.#resolve;
    const reject = this.#reject;
    if (!resolve || !reject) return; // already rejected by the abort
    if (result.done) {
      this.#finish();
      this.#settled();
      resolve(DONE);
    } else if (this.#signal.aborted) {
      this.#close();
      this.#settled();
      reject(new AbortError({ cause: this.#signal.reason }));
    } else {
      this.#settled();
      resolve(result);
    }
  };

  readonly #onError = (error: unknown): void => {
    const reject = this.#reject;
    if (!reject) return;
    this.#finish();
    this.#settled();
    reject(error);
  };

  readonly #onAbort = (): void => {
    // While the consumer holds a part, nothing is pending: its next call rejects (see #next).
    const reject = this.#reject;
    if (!reject) return;
    this.#close();
    this.#settled();
    reject(new AbortError({ cause: this.#signal.reason }));
  };

  /** The source ended (or failed): nothing of it to close. */
  #finish(): void {
    this.#closed = true;
    this.#dispose?.();
    this.#dispose = undefined;
  }

  /** Stops listening and closes the source if it had not ended. */
  #close(): void {
    if (this.#closed) return;
    this.#finish();
    this.#iterator?.return?.()?.catch(() => {});
  }
}

/**
 * Iterates `source`, rejecting with AbortError as soon as the signal fires (one listener for the
 * whole iteration, not one per part). On abort, error or an early exit the source is closed; not
 * awaited, since a stalled source may never settle. Without a signal the source is read as is.
 */
export function raceAbortIterable<T>(
  source: AsyncIterable<T>,
  signal: AbortSignal | undefined,
): AsyncIterableIterator<T> {
  if (!signal) {
    // Created on the first call, as a generator's body runs on its first `next`.
    let iterator: AsyncIterator<T> | undefined;
    const open = (): AsyncIterator<T> => {
      iterator ??= source[Symbol.asyncIterator]();
      return iterator;
    };
    const passThrough: AsyncIterableIterator<T> = {
      next: () => {
        try {
          return open().next();
        } catch (error) {
          return Promise.reject(error);
        }
      },
      return: () => (iterator?.return ? iterator.return() : Promise.resolve(DONE)),
      [Symbol.asyncIterator]: () => passThrough,
    };
    return passThrough;
  }
  return new AbortRacingIterator(source, signal);
}
