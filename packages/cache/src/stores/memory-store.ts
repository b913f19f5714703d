import { InvalidOptionError } from '@toolloop/core';
import type { CacheStore } from './cache-store.js';

/** Size limits of memoryStore; whichever is reached first evicts. */
export interface MemoryStoreOptions {
  /** Most entries kept; the least recently used go first. Default 1000. */
  maxEntries?: number;
  /** Most bytes (UTF-8 size of the values) kept; the least recently used go first. Default 64 MiB. */
  maxBytes?: number;
}

/** An in-process store, also exposing its current size. */
export interface MemoryStore extends CacheStore {
  /** Entries currently held (expired ones included until they are next read). */
  readonly size: number;
  /** UTF-8 bytes of the values currently held, counted against `maxBytes`. */
  readonly bytes: number;
}

interface Slot {
  value: string;
  bytes: number;
  expiresAt: number;
}

/**
 * An in-process LRU store: fast, private to this process, gone on exit. Evicts the least recently
 * used entries past `maxEntries` or `maxBytes`; an expired entry is a miss and is dropped.
 * @example cache({ store: memoryStore({ maxEntries: 500, maxBytes: 16 * 1024 * 1024 }) })
 */
export function memoryStore({
  maxEntries = 1000,
  maxBytes = 64 * 1024 * 1024,
}: MemoryStoreOptions = {}): MemoryStore {
  if (!(Number.isInteger(maxEntries) && maxEntries > 0)) {
    throw new InvalidOptionError({
      option: 'maxEntries',
      message: `memoryStore: maxEntries must be a positive integer, got ${maxEntries}.`,
    });
  }
  if (!(maxBytes > 0)) {
    throw new InvalidOptionError({
      option: 'maxBytes',
      message: `memoryStore: maxBytes must be a positive number, got ${maxBytes}.`,
    });
  }
  // A Map iterates in insertion order: re-inserting on every read keeps the least recent first.
  const slots = new Map<string, Slot>();
  let totalBytes = 0;

  function remove(key: string): void {
    const slot = slots.get(key);
    if (!slot) return;
    slots.delete(key);
    totalBytes -= slot.bytes;
  }

  return {
    name: 'memory',
    get size() {
      return slots.size;
    },
    get bytes() {
      return totalBytes;
    },
    async get(key) {
      const slot = slots.get(key);
      if (!slot) return undefined;
      if (slot.expiresAt <= Date.now()) {
        remove(key);
        return undefined;
      }
      slots.delete(key);
      slots.set(key, slot);
      return slot.value;
    },
    async set(key, value, ttlMs) {
      remove(key);
      const bytes = Buffer.byteLength(value);
      // One value larger than the whole budget would evict everything and still not fit.
      if (bytes > maxBytes) return;
      slots.set(key, {
        value,
        bytes,
        expiresAt: ttlMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + ttlMs,
      });
      totalBytes += bytes;
      for (const oldest of slots.keys()) {
        if (slots.size <= maxEntries && totalBytes <= maxBytes) break;
        remove(oldest);
      }
    },
    async delete(key) {
      remove(key);
    },
    async clear() {
      slots.clear();
      totalBytes = 0;
    },
  };
}
