import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ModelRequest, wrapModel } from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACHE_ENTRY_VERSION } from '../entry/cache-entry.js';
import { cacheKey } from '../key/cache-key.js';
import type { CacheStore } from '../stores/cache-store.js';
import { memoryStore } from '../stores/memory-store.js';
import { redisStore } from '../stores/redis-store.js';
import { sqliteStore } from '../stores/sqlite-store.js';
import { ensureRedis } from '../test-utils.js';
import { cache } from './cache.js';
import type { CacheErrorEvent } from './cache-stats.js';

const request: ModelRequest = { messages: [{ role: 'user', content: '어느 저장소든 같게 동작하나요?' }] };
let dir: string;
let redisUrl: string;
const stores: CacheStore[] = [];

const factories: Array<[string, () => CacheStore]> = [
  ['memory', () => memoryStore()],
  ['sqlite', () => sqliteStore({ path: join(dir, `cache-${stores.length}.db`) })],
  [
    'redis',
    () =>
      redisStore({
        url: redisUrl,
        keyPrefix: `toolloop-test:${process.pid}:${Date.now()}:${stores.length}:`,
      }),
  ],
];

function open(factory: () => CacheStore): CacheStore {
  const store = factory();
  stores.push(store);
  return store;
}

describe.each(factories)('cache middleware on the %s store', (_name, factory) => {
  beforeAll(async () => {
    dir ??= await mkdtemp(join(tmpdir(), 'toolloop-cache-stores-'));
    redisUrl ??= await ensureRedis();
  });
  afterAll(async () => {
    await Promise.all(
      stores.splice(0).map(async (store) => {
        await store.clear?.();
        await store.close?.();
      }),
    );
  });

  it('misses, stores, then hits across a fresh middleware on the same store', async () => {
    const store = open(factory);
    const model = scriptedModel({ turns: [{ text: '네, 같습니다.' }] });
    await wrapModel({ model, middleware: [cache({ store })] }).generate(request);
    const second = cache({ store });
    expect((await wrapModel({ model, middleware: [second] }).generate(request)).text).toBe('네, 같습니다.');
    expect(model.calls).toHaveLength(1);
    expect(second.stats()).toMatchObject({ hits: 1, misses: 0 });
  });

  it.each([
    ['truncated', (valid: string) => valid.slice(0, valid.length - 7)],
    ['another version', (valid: string) => valid.replace(`"v":${CACHE_ENTRY_VERSION}`, '"v":7')],
    ['not JSON', () => '\u0000\u0001binary'],
  ])('treats a %s entry as a reported miss', async (_what, spoil) => {
    const store = open(factory);
    const model = scriptedModel({ turns: [{ text: 'first' }, { text: 'after corruption' }] });
    await wrapModel({ model, middleware: [cache({ store })] }).generate(request);
    const key = cacheKey({ request, model });
    const valid = await store.get(key);
    expect(valid).toBeDefined();
    await store.set(key, spoil(valid!));
    const events: CacheErrorEvent[] = [];
    const cached = cache({ store, onError: (event) => events.push(event) });
    expect((await wrapModel({ model, middleware: [cached] }).generate(request)).text).toBe(
      'after corruption',
    );
    expect(events.map((event) => event.kind)).toEqual(['corrupt']);
    expect(cached.stats()).toMatchObject({ errors: 1, misses: 1 });
  });
});

describe('cache middleware when Redis is down', () => {
  it('serves every call from the model and reports the store failures', async () => {
    const store = open(() => redisStore({ url: 'redis://127.0.0.1:1', connectTimeoutMs: 500 }));
    const events: CacheErrorEvent[] = [];
    const model = scriptedModel({ turns: [{ text: 'one' }, { text: 'two' }] });
    const cached = cache({ store, onError: (event) => events.push(event) });
    const wrapped = wrapModel({ model, middleware: [cached] });
    expect((await wrapped.generate(request)).text).toBe('one');
    expect((await wrapped.generate(request)).text).toBe('two');
    expect(events.length).toBeGreaterThanOrEqual(4);
    expect(new Set(events.map((event) => `${event.store}:${event.kind}`))).toEqual(
      new Set(['redis:get', 'redis:set']),
    );
    expect(cached.stats()).toMatchObject({ misses: 2, hits: 0 });
  });
});

afterAll(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close?.()));
  if (dir) await rm(dir, { recursive: true, force: true });
});
