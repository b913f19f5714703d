import { randomBytes } from 'node:crypto';

/** A short random id with a prefix, e.g. `run_k3j9x0a1b2c3`. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(9).toString('base64url')}`;
}
