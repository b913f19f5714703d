import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRedis } from '../test-utils.js';
import type { CacheStore } from './cache-store.js';
import { redisStore } from './redis-store.js';

let url: string;
let raw: ReturnType<typeof createClient>;
const prefix = `toolloop-test:${process.pid}:${Date.now()}:`;
const opened: CacheStore[] = [];

function open(keyPrefix = prefix): CacheStore {
  const store = redisStore({ url, keyPrefix });
  opened.push(store);
  return store;
}

describe('redisStore (real redis-server)', () => {
  beforeAll(async () => {
    url = await ensureRedis();
    raw = createClient({ url });
    await raw.connect();
  });
  afterAll(async () => {
    await Promise.all(opened.map((store) => store.clear?.().catch(() => {})));
    await Promise.all(opened.map((store) => store.close?.()));
    await raw?.close();
  });

  it('stores under its key prefix with a PX expiry', async () => {
    const store = open();
    await store.set('k1', '{"v":1}', 60_000);
    await store.set('k2', 'forever');
    expect(await store.get('k1')).toBe('{"v":1}');
    expect(await store.get('missing')).toBeUndefined();
    expect(await raw.get(`${prefix}k1`)).toBe('{"v":1}');
    const ttl = await raw.pTTL(`${prefix}k1`);
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect(await raw.pTTL(`${prefix}k2`)).toBe(-1);
  });

  it('lets Redis expire entries', async () => {
    const store = open();
    await store.set('brief', 'v', 30);
    expect(await store.get('brief')).toBe('v');
    await expect.poll(() => store.get('brief'), { interval: 20, timeout: 2000 }).toBeUndefined();
  });

  it('clear removes only its own prefix; delete removes one key', async () => {
    const mine = open(`${prefix}mine:`);
    const theirs = open(`${prefix}theirs:`);
    await mine.set('a', '1');
    await mine.set('b', '2');
    await theirs.set('a', 'keep');
    await mine.delete('a');
    expect(await mine.get('a')).toBeUndefined();
    await mine.clear?.();
    expect(await mine.get('b')).toBeUndefined();
    expect(await theirs.get('a')).toBe('keep');
  });

  it('fails fast (no hang) when the server is unreachable', async () => {
    const down = redisStore({ url: 'redis://127.0.0.1:1', connectTimeoutMs: 500 });
    opened.push(down);
    await expect(down.get('k')).rejects.toThrow();
    await expect(down.set('k', 'v')).rejects.toThrow();
  });

  it('rejects a URL that is not redis:// at construction', () => {
    expect(() => redisStore({ url: 'http://127.0.0.1:6379' })).toThrow(/redis:\/\//);
  });
});
