import { onAbort as listen } from './on-abort.js';

/** A signal joining others, and how to detach it from them. */
export interface LinkedSignal {
  /** Fires when any of the given signals does; undefined when none was given. */
  signal: AbortSignal | undefined;
  /** Detaches it from the given signals; call once the joined signal is no longer needed. */
  unlink: () => void;
}

function noop(): void {}

/** Per source signal: one 'abort' listener, fanning out to every linked signal that is still attached. */
const fanOuts = new WeakMap<AbortSignal, { listener: () => void; subscribers: Set<() => void> }>();

function subscribe(source: AbortSignal, onAbort: () => void): () => void {
  let fanOut = fanOuts.get(source);
  if (!fanOut) {
    const subscribers = new Set<() => void>();
    const listener = () => {
      fanOuts.delete(source);
      for (const subscriber of [...subscribers]) subscriber();
    };
    fanOut = { listener, subscribers };
    fanOuts.set(source, fanOut);
    listen(source, listener);
  }
  const { listener, subscribers } = fanOut;
  subscribers.add(onAbort);
  return function unsubscribe() {
    if (!subscribers.delete(onAbort) || subscribers.size > 0) return;
    source.removeEventListener('abort', listener);
    if (fanOuts.get(source) === fanOut) fanOuts.delete(source);
  };
}

/**
 * Like `AbortSignal.any`, but detachable. On Node 20, `AbortSignal.any` records every joined signal
 * on each source for good: a long-lived run signal joined once per model call grows without end
 * (about 50 bytes a call, never collected). Here a source gets one listener however many calls are
 * in flight on it (no MaxListeners warning), and it is removed when the last of them unlinks.
 */
export function linkSignals(signals: ReadonlyArray<AbortSignal | undefined>): LinkedSignal {
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  if (present.length <= 1) return { signal: present[0], unlink: noop };
  const controller = new AbortController();
  const fired = present.find((signal) => signal.aborted);
  if (fired) {
    controller.abort(fired.reason);
    return { signal: controller.signal, unlink: noop };
  }
  const unsubscribes = present.map((source) =>
    subscribe(source, () => {
      unlink();
      controller.abort(source.reason);
    }),
  );
  function unlink(): void {
    for (const unsubscribe of unsubscribes) unsubscribe();
  }
  return { signal: controller.signal, unlink };
}
