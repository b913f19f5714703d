import {
  collectStream,
  type Middleware,
  type Model,
  type ModelRequest,
  type StreamPart,
  wrapModel,
} from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CacheStore } from '../stores/cache-store.js';
import { memoryStore } from '../stores/memory-store.js';
import { redisStore } from '../stores/redis-store.js';
import { cache } from './cache.js';
import type { CacheErrorEvent } from './cache-stats.js';

const request: ModelRequest = { messages: [{ role: 'user', content: '캐시 테스트 요청' }] };

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

describe('single-flight', () => {
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
describe('no unhandled rejections', () => {
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
