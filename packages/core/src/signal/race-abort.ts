import { AbortError } from '../errors/abort-error.js';
import { onAbort } from './on-abort.js';

const toAbortError = (signal: AbortSignal): unknown => new AbortError({ cause: signal.reason });

/**
 * Settles with the promise, or rejects as soon as the signal fires — so a run ends at once even
 * while a tool that ignores its signal is still busy. The rejection is an AbortError, or what
 * `toError(signal)` makes of it (retry rejects with the signal's reason via `abortErrorFrom`).
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
    const dispose = onAbort(signal, () => {
      promise.catch(() => {});
      reject(toError(signal));
    });
    promise.then(
      (value) => {
        dispose();
        resolve(value);
      },
      (error: unknown) => {
        dispose();
        reject(error);
      },
    );
  });
}
