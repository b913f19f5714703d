// Regression tests from an adversarial review of @toolloop/cache: each one failed before its fix.
import { type ChildProcess, execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  collectStream,
  type Middleware,
  type Model,
  type ModelRequest,
  type StreamPart,
  wrapModel,
} from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cache } from './middleware/cache.js';
import type { CacheErrorEvent } from './middleware/cache-stats.js';
import type { CacheStore } from './stores/cache-store.js';
import { memoryStore } from './stores/memory-store.js';
import { redisStore } from './stores/redis-store.js';
import { sqliteStore } from './stores/sqlite-store.js';
import { ensureRedis, startPrivateRedis } from './test-utils.js';

const here = dirname(fileURLToPath(import.meta.url));
const request: ModelRequest = { messages: [{ role: 'user', content: '리뷰에서 찾은 버그' }] };

// Any promise rejection nobody handled, anywhere in these scenarios, is a bug of its own.
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});

function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A real memory store whose writes take a turn of the event loop, like any networked store. */
function slowWriteStore(): CacheStore {
  const inner = memoryStore();
  return {
    name: 'slow-write',
    get: (key) => inner.get(key),
    set: async (key, value, ttlMs) => {
      await tick();
      await inner.set(key, value, ttlMs);
    },
    delete: (key) => inner.delete(key),
  };
}

describe('review: namespaces', () => {
  it('a custom key cannot reach into another namespace ("a:b" + "x" vs "a" + "b:x")', async () => {
    const store = memoryStore();
    const model = scriptedModel({ turns: [{ text: 'tenant a:b' }, { text: 'tenant a' }] });
    const tenantAB = wrapModel({ model, middleware: [cache({ store, namespace: 'a:b', key: () => 'x' })] });
    const tenantA = wrapModel({ model, middleware: [cache({ store, namespace: 'a', key: () => 'b:x' })] });
    expect((await tenantAB.generate(request)).text).toBe('tenant a:b');
    expect((await tenantA.generate(request)).text).toBe('tenant a');
    expect(model.calls).toHaveLength(2);
  });
});

describe('review: single-flight', () => {
  it('a leader aborted by a per-call signal from an outer middleware does not fail its followers', async () => {
    const controllers: AbortController[] = [];
    // Gives every call its own signal (a per-call deadline, say), the way an outer middleware may.
    const perCallSignal: Middleware = {
      name: 'per-call-signal',
      generate(req, next) {
        const controller = new AbortController();
        controllers.push(controller);
        return next(req, { signal: controller.signal });
      },
    };
    const model = scriptedModel({
      turns: [{ text: 'never', delayMs: 10_000 }, { text: 'for the follower' }],
    });
    const wrapped = wrapModel({ model, middleware: [perCallSignal, cache({ store: memoryStore() })] });
    const leader = wrapped.generate(request);
    const follower = wrapped.generate(request);
    await tick();
    controllers[0]?.abort();
    await expect(leader).rejects.toMatchObject({ name: 'AbortError' });
    expect((await follower).text).toBe('for the follower');
    expect(model.calls).toHaveLength(2);
  });

  it('a follower does not spin on a leader result that cannot be stored (parts after finish)', async () => {
    let calls = 0;
    // Breaks the stream contract (a part after `finish`); the cache must degrade, not hang.
    const model: Model = {
      provider: 'test',
      modelId: 'trailing-part',
      generate: () => Promise.reject(new Error('unused')),
      async *stream() {
        calls++;
        await tick();
        yield { type: 'text-delta', delta: `answer ${calls}` };
        yield { type: 'finish', finishReason: 'stop' };
        yield { type: 'response-metadata', id: `resp-${calls}` };
      },
    };
    const events: CacheErrorEvent[] = [];
    const follower = new AbortController();
    const cached = cache({
      store: slowWriteStore(),
      onError: (event) => {
        events.push(event);
        // Without the fix the follower loops in microtasks and starves the event loop: stop it.
        if (events.length > 20) follower.abort();
      },
    });
    const wrapped = wrapModel({ model, middleware: [cached] });
    const leader = collectStream(wrapped.stream(request));
    const waiter = collectStream(wrapped.stream(request, { signal: follower.signal }));
    expect((await leader).text).toBe('answer 1');
    expect((await waiter).text).toMatch(/^answer \d$/);
    expect(events.length).toBeLessThanOrEqual(2);
  });
});

describe('review: redis store', () => {
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

describe('review: sqlite store', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'toolloop-review-'));
    await ensureRedis(); // keeps this file's requirements the same as the other store tests
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('waits for another process holding the write lock while it opens a new file (busy timeout first)', async () => {
    const path = join(dir, 'locked.db');
    // A second process holds the file exclusively for a moment, as another worker does while it
    // creates the file and switches it to WAL at the same time as this one.
    const holder = `
      import { createClient } from '@libsql/client';
      const client = createClient({ url: 'file:' + process.argv[1] });
      await client.execute('CREATE TABLE IF NOT EXISTS other (a)');
      // In exclusive locking mode the first write takes the file lock and keeps it until close.
      await client.execute('PRAGMA locking_mode=EXCLUSIVE');
      await client.execute('INSERT INTO other VALUES (1)');
      process.stdout.write('locked\\n');
      await new Promise((resolve) => setTimeout(resolve, 500));
      client.close();
    `;
    await import('@libsql/client'); // loaded before the lock is taken, so the store opens while it is held
    const child = execFile(process.execPath, ['--input-type=module', '-e', holder, path], { cwd: here });
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await new Promise<void>((resolve) => child.stdout?.on('data', () => resolve()));
    const store = sqliteStore({ path });
    try {
      await store.set('k', 'v');
      expect(await store.get('k')).toBe('v');
    } finally {
      await store.close?.();
    }
    expect({ code: await exited, stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('stays closed after close()', async () => {
    const store = sqliteStore({ path: join(dir, 'closed.db') });
    await store.set('k', 'v');
    await store.close?.();
    await store.close?.();
    await expect(store.get('k')).rejects.toThrow(/closed/);
  });
});

describe('review: no unhandled rejections', () => {
  it('none of the scenarios above left a rejection unhandled', async () => {
    // A leader failing with an aborted follower, and a store that fails on every call.
    const model = scriptedModel({ turns: [{ error: new Error('503'), delayMs: 20 }] });
    const wrapped = wrapModel({ model, middleware: [cache({ store: memoryStore() })] });
    const controller = new AbortController();
    const leader = wrapped.generate(request);
    const follower = wrapped.generate(request, { signal: controller.signal });
    controller.abort();
    await expect(follower).rejects.toMatchObject({ code: 'aborted' });
    await expect(leader).rejects.toThrow('503');
    const down = redisStore({ url: 'redis://127.0.0.1:1', connectTimeoutMs: 200 });
    const parts: StreamPart[] = [];
    const offline = scriptedModel({ turns: [{ text: 'offline store' }] });
    for await (const part of wrapModel({ model: offline, middleware: [cache({ store: down })] }).stream(
      request,
    )) {
      parts.push(part);
    }
    await down.close?.();
    expect(parts.at(-1)?.type).toBe('finish');
    await tick();
    expect(unhandled).toEqual([]);
  });
});
