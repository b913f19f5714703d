import { MissingDependencyError, type ModelRequest, type ModelResponse } from '@toolloop/core';
import { type CacheEntry, decodeEntry } from '../entry/cache-entry.js';
import type { CacheStore } from '../stores/cache-store.js';
import type { CacheErrorEvent, CacheStats } from './cache-stats.js';

/** Options of EntryStore. */
export interface EntryStoreOptions {
  store: CacheStore;
  /** Passed to `store.set`; undefined keeps entries until the store evicts them. */
  ttlMs: number | undefined;
  shouldCache: (request: ModelRequest, response: ModelResponse) => boolean;
  stats: CacheStats;
  onError: ((event: CacheErrorEvent) => void) | undefined;
}

/**
 * The cache's side of its store: reads, decodes and writes entries, counting bytes and failures.
 * A store that fails or an entry that does not decode is reported (`onError`, `stats.errors`) and
 * served as a miss — except a missing optional dependency, which would make every lookup miss,
 * silently, for good: that one is thrown.
 */
export class EntryStore {
  constructor(private readonly options: EntryStoreOptions) {}

  /** The entry a stored value holds, or undefined (reported) when it cannot be trusted. */
  decode(key: string, value: string): CacheEntry | undefined {
    try {
      return decodeEntry(key, value);
    } catch (error) {
      this.report('corrupt', key, error);
      return undefined;
    }
  }

  /** The raw stored value when it decodes, so followers can get their own copy of it. */
  async lookup(key: string): Promise<{ value: string; entry: CacheEntry } | undefined> {
    let value: string | undefined;
    try {
      value = await this.options.store.get(key);
    } catch (error) {
      if (MissingDependencyError.isInstance(error)) throw error;
      this.report('get', key, error);
      return undefined;
    }
    if (value === undefined) return undefined;
    this.options.stats.bytesRead += Buffer.byteLength(value);
    const entry = this.decode(key, value);
    return entry && { value, entry };
  }

  /** Stores an encoded entry when `shouldCache` allows it. */
  async save(key: string, request: ModelRequest, response: ModelResponse, value: string): Promise<void> {
    const { store, ttlMs, shouldCache, stats } = this.options;
    if (!shouldCache(request, response)) return;
    try {
      await store.set(key, value, ttlMs);
      stats.bytesWritten += Buffer.byteLength(value);
    } catch (error) {
      if (MissingDependencyError.isInstance(error)) throw error;
      this.report('set', key, error);
    }
  }

  private report(kind: CacheErrorEvent['kind'], key: string, error: unknown): void {
    this.options.stats.errors++;
    try {
      this.options.onError?.({ kind, key, store: this.options.store.name, error });
    } catch {
      // A reporting callback that throws must not turn a cache problem into a failed model call.
    }
  }
}
