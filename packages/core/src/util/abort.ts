import { AbortError } from '../errors/simple-errors.js';

/** Throws AbortError when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
}

const toAbortError = (signal: AbortSignal): unknown => new AbortError(undefined, { cause: signal.reason });

/**
 * Settles with the promise, or rejects as soon as the signal fires — so a run ends at once even
 * while a tool that ignores its signal is still busy. The rejection is an AbortError, or what
 * `toError(signal)` makes of it (retry rejects with the signal's reason, a TimeoutError, say).
 */
export function raceAbort<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  toError: (signal: AbortSignal) => unknown = toAbortError,
): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(toError(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      promise.catch(() => {});
      reject(toError(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** An error thrown while `signal` was aborted is reported as AbortError (keeping the original as cause). */
export function asAbortErrorIfAborted(error: unknown, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted && !(error instanceof AbortError)) {
    return new AbortError(undefined, { cause: error });
  }
  return error;
}
