import { hasErrorCode } from '@toolloop/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryStore } from './memory-store.js';

describe('memoryStore', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stores, reads, deletes and clears', async () => {
    const store = memoryStore();
    await store.set('a', 'one');
    expect(await store.get('a')).toBe('one');
    expect(await store.get('missing')).toBeUndefined();
    await store.delete('a');
    expect(await store.get('a')).toBeUndefined();
    await store.set('b', 'two');
    await store.clear?.();
    expect(store.size).toBe(0);
    expect(store.bytes).toBe(0);
  });

  it('evicts the least recently used entry past maxEntries (a read refreshes recency)', async () => {
    const store = memoryStore({ maxEntries: 2 });
    await store.set('a', '1');
    await store.set('b', '2');
    await store.get('a'); // now b is the least recent
    await store.set('c', '3');
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('a')).toBe('1');
    expect(await store.get('c')).toBe('3');
  });

  it('evicts past maxBytes, counting UTF-8 bytes, and never keeps a value larger than the budget', async () => {
    const store = memoryStore({ maxBytes: 10 });
    await store.set('a', '가나'); // 6 bytes
    await store.set('b', 'xyz'); // 3 bytes
    expect(store.bytes).toBe(9);
    await store.set('c', 'pq'); // 11 > 10: 'a' goes
    expect(await store.get('a')).toBeUndefined();
    expect(store.bytes).toBe(5);
    await store.set('huge', 'x'.repeat(11));
    expect(await store.get('huge')).toBeUndefined();
    expect(await store.get('b')).toBe('xyz');
  });

  it('honours the TTL', async () => {
    vi.useFakeTimers();
    const store = memoryStore();
    await store.set('short', 'v', 1000);
    await store.set('forever', 'v');
    vi.advanceTimersByTime(999);
    expect(await store.get('short')).toBe('v');
    vi.advanceTimersByTime(1);
    expect(await store.get('short')).toBeUndefined();
    expect(store.size).toBe(1);
    vi.advanceTimersByTime(10 ** 9);
    expect(await store.get('forever')).toBe('v');
  });

  it('rejects nonsense limits at construction, naming the option', () => {
    expect(() => memoryStore({ maxEntries: 0 })).toThrow(/maxEntries/);
    let error: unknown;
    try {
      memoryStore({ maxBytes: -1 });
    } catch (caught) {
      error = caught;
    }
    expect(hasErrorCode(error, 'invalid-option')).toBe(true);
  });
});
