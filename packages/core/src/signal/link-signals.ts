import { onAbort as subscribe } from './on-abort.js';

/** A signal joining others, and how to detach it from them. */
export interface LinkedSignal {
  /** Fires when any of the given signals does; undefined when none was given. */
  signal: AbortSignal | undefined;
  /** Detaches it from the given signals; call once the joined signal is no longer needed. */
  unlink: () => void;
}

function noop(): void {}

/**
 * Like `AbortSignal.any`, but detachable. On Node 20, `AbortSignal.any` records every joined signal
 * on each source for good: a long-lived run signal joined once per model call grows without end
 * (about 50 bytes a call, never collected). Here a source gets one listener however many calls are
 * in flight on it (`onAbort`'s fan-out: no MaxListeners warning), removed when the last of them unlinks.
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
