import { abortErrorFrom } from './abort-error-from.js';
import { onAbort } from './on-abort.js';

/**
 * Waits `ms`, or rejects as soon as `signal` fires (with {@link abortErrorFrom} of it), so no wait
 * outlives an abort. A zero or negative wait resolves at once without a timer.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortErrorFrom(signal));
  // A zero wait (retry-after: 0, a jitter draw of 0) skips the timer: setTimeout(0) costs ~1 ms.
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const dispose = onAbort(signal, () => {
      clearTimeout(timer);
      reject(abortErrorFrom(signal as AbortSignal));
    });
    const timer = setTimeout(() => {
      dispose();
      resolve();
    }, ms);
  });
}
