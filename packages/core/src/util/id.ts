import { randomUUID } from 'node:crypto';

/**
 * A unique id with a prefix, e.g. `run_9b1d…`. randomUUID draws from a pooled entropy buffer, so
 * it stays cheap on the per-call path (wrapModel makes one per model call).
 */
export function newId(prefix: string): string {
  return `${prefix}_${randomUUID()}`;
}
