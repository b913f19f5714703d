import { AbortError } from '../errors/abort-error.js';
import { throwIfAborted } from './abort-error-from.js';
import { onAbort } from './on-abort.js';

/**
 * Iterates `source`, rejecting with AbortError as soon as the signal fires (one listener for the
 * whole iteration, not one per part). On abort, error or an early exit the source is closed; not
 * awaited, since a stalled source may never settle.
 */
export async function* raceAbortIterable<T>(
  source: AsyncIterable<T>,
  signal: AbortSignal | undefined,
): AsyncGenerator<T> {
  if (!signal) return yield* source;
  throwIfAborted(signal);
  const iterator = source[Symbol.asyncIterator]();
  let done = false;
  let rejectNext: ((error: unknown) => void) | undefined;
  const dispose = onAbort(signal, () => rejectNext?.(new AbortError({ cause: signal.reason })));
  try {
    while (true) {
      const next = await new Promise<IteratorResult<T>>((resolve, reject) => {
        rejectNext = reject;
        iterator.next().then(resolve, reject);
      });
      if (next.done) {
        done = true;
        return;
      }
      throwIfAborted(signal);
      yield next.value;
    }
  } finally {
    dispose();
    if (!done) iterator.return?.()?.catch(() => {});
  }
}
