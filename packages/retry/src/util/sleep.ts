import { AbortError, ToolloopError } from '@toolloop/core';

/**
 * Waits `ms`, or rejects as soon as `signal` fires (see {@link abortReason}). Every wait in this
 * package goes through here, so none of them outlives an abort.
 */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  // A zero wait (retry-after: 0, a jitter draw of 0) skips the timer: setTimeout(0) costs ~1 ms.
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The error a fired signal stands for: our own reason (a TimeoutError) as it is, anything else
 * (a DOMException from `controller.abort()`) as core's AbortError, so callers see one error code.
 */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return ToolloopError.isInstance(reason) ? reason : new AbortError(undefined, { cause: reason });
}
