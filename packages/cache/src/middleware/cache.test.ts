import { hasErrorCode, type Middleware, type Model, type ModelRequest, wrapModel } from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cacheKey } from '../key/cache-key.js';
import type { CacheStore } from '../stores/cache-store.js';
import { memoryStore } from '../stores/memory-store.js';
import { cache } from './cache.js';
import type { CacheErrorEvent } from './cache-stats.js';

const request: ModelRequest = {
  messages: [
    { role: 'system', content: '간결하게 답변해주세요.' },
    { role: 'user', content: '안녕하세요' },
  ],
  settings: { maxTokens: 256, temperature: 0 },
};

/** Reads where each response came from, the way the logging middleware does. */
function recorder(seen: Array<boolean | undefined>): Middleware {
  return {
    name: 'recorder',
    async generate(req, next) {
      const response = await next(req);
      seen.push(response.source === 'cache');
      return response;
    },
  };
}

/** A real memory store that also remembers the keys and values it was given. */
function observedStore(): CacheStore & { writes: Array<[string, string]> } {
  const inner = memoryStore();
  const writes: Array<[string, string]> = [];
  return {
    name: 'observed',
    writes,
    get: (key) => inner.get(key),
    set: (key, value, ttlMs) => {
      writes.push([key, value]);
      return inner.set(key, value, ttlMs);
    },
    delete: (key) => inner.delete(key),
  };
}

describe('cache middleware: generate', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('serves the second identical request from the store without calling the model', async () => {
    const model = scriptedModel({
      turns: [{ text: '안녕하세요! 무엇을 도와드릴까요?', usage: { inputTokens: 12, outputTokens: 8 } }],
    });
    const seen: Array<boolean | undefined> = [];
    const cached = cache({ store: memoryStore() });
    const wrapped = wrapModel({ model, middleware: [recorder(seen), cached] });
    const first = await wrapped.generate(request);
    const second = await wrapped.generate(request);
    expect(model.calls).toHaveLength(1);
    expect(second).toEqual({ ...first, source: 'cache' });
    expect(seen).toEqual([false, true]);
    const stats = cached.stats();
    expect(stats).toMatchObject({ hits: 1, misses: 1, coalesced: 0, errors: 0 });
    expect(stats.bytesWritten).toBeGreaterThan(0);
    expect(stats.bytesRead).toBe(stats.bytesWritten);
  });

  it('misses when anything that changes the answer changes', async () => {
    const model = scriptedModel({ turns: [{ text: 'a' }, { text: 'b' }, { text: 'c' }] });
    const wrapped = wrapModel({ model, middleware: [cache({ store: memoryStore() })] });
    await wrapped.generate(request);
    await wrapped.generate({ ...request, settings: { maxTokens: 256, temperature: 0.9 } });
    await wrapped.generate({
      ...request,
      messages: [{ role: 'system', content: '자세히 답변해주세요.' }, request.messages[1]!],
    });
    expect(model.calls).toHaveLength(3);
  });

  it('never stores an error: the next identical call goes to the model', async () => {
    const model = scriptedModel({
      turns: [{ error: new Error('503 upstream') }, { text: 'ok' }, { text: 'unused' }],
    });
    const cached = cache({ store: memoryStore() });
    const wrapped = wrapModel({ model, middleware: [cached] });
    await expect(wrapped.generate(request)).rejects.toThrow('503 upstream');
    expect((await wrapped.generate(request)).text).toBe('ok');
    expect((await wrapped.generate(request)).text).toBe('ok');
    expect(model.calls).toHaveLength(2);
    expect(cached.stats()).toMatchObject({ hits: 1, misses: 2 });
  });

  it.each(['error', 'content-filter'] as const)(
    'does not store a response that finished with %s',
    async (finishReason) => {
      const model = scriptedModel({ turns: [{ text: '', finishReason }, { text: 'second' }] });
      const wrapped = wrapModel({ model, middleware: [cache({ store: memoryStore() })] });
      expect((await wrapped.generate(request)).finishReason).toBe(finishReason);
      expect((await wrapped.generate(request)).text).toBe('second');
      expect(model.calls).toHaveLength(2);
    },
  );

  it('asks shouldCache whether to store', async () => {
    const model = scriptedModel({
      turns: [{ text: 'a', finishReason: 'length' }, { text: 'b' }, { text: 'unused' }],
    });
    const shouldCache = vi.fn(
      (_req: ModelRequest, response: { finishReason: string }) => response.finishReason === 'stop',
    );
    const wrapped = wrapModel({ model, middleware: [cache({ store: memoryStore(), shouldCache })] });
    await wrapped.generate(request);
    await wrapped.generate(request);
    expect((await wrapped.generate(request)).text).toBe('b');
    expect(model.calls).toHaveLength(2);
    expect(shouldCache).toHaveBeenCalledTimes(2);
  });

  it('keeps namespaces apart on a shared store', async () => {
    const store = memoryStore();
    const model = scriptedModel({ turns: [{ text: 'for a' }, { text: 'for b' }] });
    const tenantA = wrapModel({ model, middleware: [cache({ store, namespace: 'tenant-a' })] });
    const tenantB = wrapModel({ model, middleware: [cache({ store, namespace: 'tenant-b' })] });
    expect((await tenantA.generate(request)).text).toBe('for a');
    expect((await tenantB.generate(request)).text).toBe('for b');
    expect((await tenantA.generate(request)).text).toBe('for a');
    expect(model.calls).toHaveLength(2);
  });

  it('uses a custom key function, still prefixed by the namespace', async () => {
    const store = observedStore();
    const model = scriptedModel({ turns: [{ text: 'by user' }] });
    const key = vi.fn((req: ModelRequest) => `user-prompt:${JSON.stringify(req.messages.at(-1))}`);
    const wrapped = wrapModel({ model, middleware: [cache({ store, namespace: 'ns', key })] });
    await wrapped.generate(request);
    // Only the last message is in this key: another system prompt hits (the user chose that).
    await wrapped.generate({
      ...request,
      messages: [{ role: 'system', content: '다른 지시' }, request.messages[1]!],
    });
    expect(model.calls).toHaveLength(1);
    expect(store.writes[0]?.[0]).toBe('ns:user-prompt:{"role":"user","content":"안녕하세요"}');
  });

  it('never puts the API key into the key or the stored entry', async () => {
    const canary = 'sk-canary-7f3a9c0d1e2b4a5f';
    const scripted = scriptedModel({ turns: [{ text: '답변' }] });
    const model: Model & { apiKey: string } = {
      provider: 'openai',
      modelId: 'gpt-4o-mini',
      baseURL: 'https://api.example.com/v1',
      apiKey: canary,
      generate: (req, options) => scripted.generate(req, options),
      stream: (req, options) => scripted.stream(req, options),
    };
    const store = observedStore();
    await wrapModel({ model, middleware: [cache({ store })] }).generate(request);
    expect(store.writes).toHaveLength(1);
    const [key, value] = store.writes[0]!;
    expect(key).toBe(cacheKey({ request, model }));
    expect(key).not.toContain('sk-canary');
    expect(value).not.toContain('sk-canary');
  });

  it('expires entries after ttlMs', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const model = scriptedModel({ turns: [{ text: 'old' }, { text: 'new' }] });
    const wrapped = wrapModel({ model, middleware: [cache({ store: memoryStore(), ttlMs: 60_000 })] });
    await wrapped.generate(request);
    vi.advanceTimersByTime(59_999);
    expect((await wrapped.generate(request)).text).toBe('old');
    vi.advanceTimersByTime(1);
    expect((await wrapped.generate(request)).text).toBe('new');
  });

  it('treats a corrupt entry as a miss, reports it, and replaces it', async () => {
    const store = memoryStore();
    const model = scriptedModel({ turns: [{ text: 'fresh' }] });
    await store.set(cacheKey({ request, model }), '{"v":1,"response":{"text":"trunc');
    const events: CacheErrorEvent[] = [];
    const cached = cache({ store, onError: (event) => events.push(event) });
    const wrapped = wrapModel({ model, middleware: [cached] });
    expect((await wrapped.generate(request)).text).toBe('fresh');
    expect((await wrapped.generate(request)).text).toBe('fresh');
    expect(model.calls).toHaveLength(1);
    expect(events.map((event) => event.kind)).toEqual(['corrupt']);
    expect(hasErrorCode(events[0]?.error, 'cache-corrupt')).toBe(true);
    expect(cached.stats()).toMatchObject({ errors: 1, hits: 1, misses: 1 });
  });

  it('treats an entry of another format version as a miss', async () => {
    const store = memoryStore();
    const model = scriptedModel({ turns: [{ text: 'fresh' }] });
    await store.set(
      cacheKey({ request, model }),
      JSON.stringify({
        v: 0,
        createdAt: 1,
        response: { text: 'stale format', toolCalls: [], finishReason: 'stop' },
      }),
    );
    const cached = cache({ store });
    expect((await wrapModel({ model, middleware: [cached] }).generate(request)).text).toBe('fresh');
    expect(cached.stats().errors).toBe(1);
  });

  it('degrades to a miss when the store throws, reporting each failure, and never fails the call', async () => {
    const broken: CacheStore = {
      name: 'broken',
      get: async () => {
        throw new Error('ECONNREFUSED');
      },
      set: async () => {
        throw new Error('ECONNREFUSED');
      },
      delete: async () => {},
    };
    const events: CacheErrorEvent[] = [];
    const model = scriptedModel({ turns: [{ text: 'one' }, { text: 'two' }] });
    const cached = cache({ store: broken, onError: (event) => events.push(event) });
    const wrapped = wrapModel({ model, middleware: [cached] });
    expect((await wrapped.generate(request)).text).toBe('one');
    expect((await wrapped.generate(request)).text).toBe('two');
    expect(events.map((event) => `${event.store}:${event.kind}`)).toEqual([
      'broken:get',
      'broken:set',
      'broken:get',
      'broken:set',
    ]);
    expect(cached.stats()).toMatchObject({ errors: 4, misses: 2, hits: 0 });
  });

  it('still answers when the onError callback itself throws', async () => {
    const store = memoryStore();
    const model = scriptedModel({ turns: [{ text: 'fine' }] });
    await store.set(cacheKey({ request, model }), 'not json');
    const onError = () => {
      throw new Error('reporting failed');
    };
    const cached = cache({ store, onError });
    expect((await wrapModel({ model, middleware: [cached] }).generate(request)).text).toBe('fine');
    expect(cached.stats().errors).toBe(1);
  });

  it('rejects bad options at construction, naming the option', () => {
    expect(() => cache({ store: memoryStore(), ttlMs: 0 })).toThrow(/ttlMs/);
    expect(() => cache({ store: memoryStore(), namespace: '' })).toThrow(/namespace/);
    expect(() => cache({ store: undefined as unknown as CacheStore })).toThrow(/store/);
  });
});
