/** The listeners of each signal that has any, behind one 'abort' listener of its own. */
interface Listeners {
  readonly set: Set<{ readonly listener: () => void }>;
  readonly fire: () => void;
}

const bySignal = new WeakMap<AbortSignal, Listeners>();

/**
 * Calls `listener` once when `signal` fires (at once when it already has), and returns how to stop
 * listening. The one place the repository attaches an 'abort' listener.
 *
 * Every listener of a signal sits in one Set behind a single 'abort' listener: adding and removing
 * are O(1), where EventTarget walks all of a signal's listeners on each add and remove — thousands
 * of runs sharing one signal (a batch, a server's shutdown signal) would pay for each other.
 * Listeners run in the order they were added; one that throws does not stop the others (its error is
 * rethrown on a later tick, as EventTarget reports it).
 * @example const dispose = onAbort(signal, () => socket.destroy()); try { … } finally { dispose(); }
 */
export function onAbort(signal: AbortSignal | undefined, listener: () => void): () => void {
  if (!signal) return noop;
  if (signal.aborted) {
    listener();
    return noop;
  }
  let listeners = bySignal.get(signal);
  if (!listeners) {
    const set = new Set<{ readonly listener: () => void }>();
    const fire = (): void => {
      bySignal.delete(signal);
      for (const each of set) {
        try {
          each.listener();
        } catch (error) {
          queueMicrotask(() => {
            throw error;
          });
        }
      }
      set.clear();
    };
    listeners = { set, fire };
    bySignal.set(signal, listeners);
    signal.addEventListener('abort', fire, { once: true });
  }
  // An entry of its own, so the same function added twice is two listeners, removed one by one (an
  // object, not a closure: a bundle built with keepNames would name every closure made here).
  const entry = { listener };
  const { set, fire } = listeners;
  set.add(entry);
  return () => {
    if (!set.delete(entry) || set.size > 0) return;
    // The last one left: the signal keeps no listener of ours.
    signal.removeEventListener('abort', fire);
    if (bySignal.get(signal) === listeners) bySignal.delete(signal);
  };
}

function noop(): void {}
