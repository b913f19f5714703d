// redisStore against a server that stops answering, never answers, or after close().
import type { ChildProcess } from 'node:child_process';
import { type ModelRequest, wrapModel } from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cache } from '../middleware/cache.js';
import { startPrivateRedis } from '../test-utils.js';
import type { CacheStore } from './cache-store.js';
import { redisStore } from './redis-store.js';

const request: ModelRequest = { messages: [{ role: 'user', content: '캐시 테스트 요청' }] };

describe('redis store', () => {
  let server: ChildProcess | undefined;
  let url: string;
  const opened: CacheStore[] = [];

  beforeAll(async () => {
    // Its own server, through the one Redis helper (which installs redis-server if it must).
    const redis = await startPrivateRedis();
    server = redis.process;
    url = redis.url;
  });
  afterEach(async () => {
    server?.kill('SIGCONT');
    await Promise.all(opened.splice(0).map((store) => store.close?.()));
  });
  afterAll(() => {
    server?.kill('SIGKILL');
  });

  function open(): CacheStore {
    const store = redisStore({ url, connectTimeoutMs: 300, commandTimeoutMs: 300, retryConnectAfterMs: 0 });
    opened.push(store);
    return store;
  }

  it('does not hang when a connected server stops answering: the call goes on as a miss', async () => {
    const store = open();
    await store.set('k', 'v');
    server?.kill('SIGSTOP');
    await expect(store.get('k')).rejects.toThrow();
    const model = scriptedModel({ turns: [{ text: 'served despite a frozen Redis' }] });
    const cached = cache({ store });
    expect((await wrapModel({ model, middleware: [cached] }).generate(request)).text).toBe(
      'served despite a frozen Redis',
    );
    expect(cached.stats()).toMatchObject({ misses: 1, errors: 2 });
  }, 15_000);

  it('does not hang when the server accepts connections but never answers at startup', async () => {
    server?.kill('SIGSTOP');
    const store = open();
    await expect(store.get('k')).rejects.toThrow();
  }, 15_000);

  it('stays closed after close(): a late write does not open a new connection', async () => {
    const store = open();
    await store.set('k', 'v');
    await store.close?.();
    await store.close?.();
    await expect(store.get('k')).rejects.toThrow(/closed/);
    await expect(store.set('k', 'v2')).rejects.toThrow(/closed/);
  });
});
