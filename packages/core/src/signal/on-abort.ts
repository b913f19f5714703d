/**
 * Calls `listener` once when `signal` fires (at once when it already has), and returns how to stop
 * listening. The one place the repository attaches an 'abort' listener.
 * @example const dispose = onAbort(signal, () => socket.destroy()); try { … } finally { dispose(); }
 */
export function onAbort(signal: AbortSignal | undefined, listener: () => void): () => void {
  if (!signal) return noop;
  if (signal.aborted) {
    listener();
    return noop;
  }
  signal.addEventListener('abort', listener, { once: true });
  return () => signal.removeEventListener('abort', listener);
}

function noop(): void {}
