/** One listener of a signal, linked in its signal's list (`listener` undefined once disposed or fired). */
interface Entry {
  listener: (() => void) | undefined;
  prev: Entry;
  next: Entry;
}

/** The listeners of each signal that has any, behind one 'abort' listener of its own. */
interface Listeners {
  /** The list's sentinel: `head.next` is the first listener, `head.prev` the last. */
  readonly head: Entry;
  readonly fire: () => void;
}

const bySignal = new WeakMap<AbortSignal, Listeners>();

/**
 * Calls `listener` once when `signal` fires (at once when it already has), and returns how to stop
 * listening. The one place the repository attaches an 'abort' listener.
 *
 * Every listener of a signal sits in one linked list behind a single 'abort' listener: adding and
 * removing are O(1), where EventTarget walks all of a signal's listeners on each add and remove —
 * thousands of runs sharing one signal (a batch, a server's shutdown) would pay for each other. A
 * list, not a Set: a long-lived Set keeps what its removed entries held alive through young-space
 * collections, so every response of every run sharing the signal got promoted to the old space
 * (issue 13's batch benchmark: four times the GC time); an unlinked entry is simply garbage.
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
    const head = {} as Entry;
    head.prev = head;
    head.next = head;
    const fire = (): void => {
      bySignal.delete(signal);
      // Taken off the list first: a listener may dispose others (they are then skipped) or itself.
      const entries: Entry[] = [];
      for (let entry = head.next; entry !== head; entry = entry.next) entries.push(entry);
      head.prev = head;
      head.next = head;
      for (const entry of entries) {
        const run = entry.listener;
        entry.listener = undefined;
        if (!run) continue;
        try {
          run();
        } catch (error) {
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    };
    listeners = { head, fire };
    bySignal.set(signal, listeners);
    signal.addEventListener('abort', fire, { once: true });
  }
  const { head, fire } = listeners;
  const entry: Entry = { listener, prev: head.prev, next: head };
  head.prev.next = entry;
  head.prev = entry;
  const owner = listeners;
  return () => {
    if (!entry.listener) return;
    entry.listener = undefined;
    // Fired already: the list was emptied, nothing to unlink.
    if (bySignal.get(signal) !== owner) return;
    entry.prev.next = entry.next;
    entry.next.prev = entry.prev;
    // Points at nothing once off the list: a caller holding the disposer keeps no neighbour alive.
    entry.prev = entry;
    entry.next = entry;
    if (head.next !== head) return;
    // The last one left: the signal keeps no listener of ours.
    signal.removeEventListener('abort', fire);
    bySignal.delete(signal);
  };
}

function noop(): void {}
