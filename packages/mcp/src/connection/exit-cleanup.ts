const children = new Set<number>();

function endChildren(): void {
  for (const pid of children) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
}

/**
 * Ends a stdio server's process when this process exits without `close()` (a `process.exit`,
 * an uncaught error). Only synchronous work can run then, so it is a signal, not a handshake.
 * Returns the function that stops tracking it (after a clean close).
 */
export function endOnExit(pid: number): () => void {
  if (children.size === 0) process.on('exit', endChildren);
  children.add(pid);
  return function untrack() {
    children.delete(pid);
    if (children.size === 0) process.off('exit', endChildren);
  };
}
