/**
 * Where cache entries live. Values are opaque strings (the cache writes versioned JSON); keys are
 * short ASCII strings. A store may throw from any method (a Redis server that is down): the cache
 * middleware reports it and carries on as a miss, so a broken store never fails a model call.
 * @example
 * const store: CacheStore = {
 *   name: 'map', async get(key) { return map.get(key); },
 *   async set(key, value) { map.set(key, value); }, async delete(key) { map.delete(key); },
 * };
 */
export interface CacheStore {
  /** For reports and logs: 'memory', 'sqlite', 'redis'. */
  readonly name: string;
  /** The value stored under `key`, or undefined when there is none or it expired. */
  get(key: string): Promise<string | undefined>;
  /** Stores `value`; it expires after `ttlMs` when given (never when undefined). */
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Removes every entry this store owns. */
  clear?(): Promise<void>;
  /** Releases connections and file handles. */
  close?(): Promise<void>;
}
