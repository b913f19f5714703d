/**
 * Settles with `promise`, or rejects with `makeError()` after `ms` — the timer is always cleared.
 * The promise itself is not cancelled (pass it a signal for that); a late rejection is swallowed.
 */
export async function withTimeout<T>(promise: Promise<T>, ms: number, makeError: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      promise.catch(() => {});
      reject(makeError());
    }, ms);
  });
  try {
    return await Promise.race([promise, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
