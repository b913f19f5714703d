/**
 * A unique id with a prefix, e.g. `run_9b1d…`. randomUUID draws from a pooled entropy buffer, so
 * it stays cheap on the per-call path (wrapModel makes one per model call). The global `crypto`
 * (the same randomUUID as `node:crypto`'s) loads on the first id, not when core is imported.
 */
export function newId(prefix: string): string {
  return `${prefix}_${globalThis.crypto.randomUUID()}`;
}
