import { collectStream, type ModelRequest, type StreamPart, wrapModel } from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../stores/memory-store.js';
import { fromCache } from '../test-utils.js';
import { cache } from './cache.js';

const request: ModelRequest = { messages: [{ role: 'user', content: '동시에 같은 질문' }] };

/** A promise the test opens by hand, so "concurrent" is a fact rather than a race. */
function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

async function read(stream: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

describe('cache middleware: identical concurrent misses', () => {
  it('share one model call; every caller gets its own copy of the result', async () => {
    const open = gate();
    const model = scriptedModel({
      turns: [
        async () => {
          await open.promise;
          return { text: '한 번만 호출됩니다' };
        },
      ],
    });
    const cached = cache({ store: memoryStore() });
    const wrapped = wrapModel({ model, middleware: [cached] });
    const calls = Array.from({ length: 8 }, () => wrapped.generate(request));
    await new Promise((resolve) => setImmediate(resolve));
    open.open();
    const results = await Promise.all(calls);
    expect(model.calls).toHaveLength(1);
    expect(new Set(results.map((result) => result.text))).toEqual(new Set(['한 번만 호출됩니다']));
    expect(new Set(results).size).toBe(8);
    expect(cached.stats()).toMatchObject({ misses: 1, hits: 7, coalesced: 7 });
  });

  it('deliver an upstream error to every waiter and store nothing', async () => {
    const open = gate();
    const model = scriptedModel({
      turns: [
        async () => {
          await open.promise;
          return { error: new Error('429 rate limited') };
        },
        { text: 'later' },
      ],
    });
    const wrapped = wrapModel({ model, middleware: [cache({ store: memoryStore() })] });
    const calls = Array.from({ length: 4 }, () => wrapped.generate(request));
    open.open();
    const settled = await Promise.allSettled(calls);
    expect(settled.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
    expect(settled.map((result) => (result as PromiseRejectedResult).reason.message)).toEqual(
      Array(4).fill('429 rate limited'),
    );
    expect((await wrapped.generate(request)).text).toBe('later');
    expect(model.calls).toHaveLength(2);
  });

  it('when the leader is aborted by its own caller, a waiter makes the call itself', async () => {
    const model = scriptedModel({ turns: [{ text: 'never', delayMs: 10_000 }, { text: 'for the waiter' }] });
    const wrapped = wrapModel({ model, middleware: [cache({ store: memoryStore() })] });
    const controller = new AbortController();
    const leader = wrapped.generate(request, { signal: controller.signal });
    const waiter = wrapped.generate(request);
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    await expect(leader).rejects.toThrow();
    expect((await waiter).text).toBe('for the waiter');
    expect(model.calls).toHaveLength(2);
  });

  it('a waiter aborted by its own signal stops waiting; the leader is unaffected', async () => {
    const open = gate();
    const model = scriptedModel({
      turns: [
        async () => {
          await open.promise;
          return { text: 'leader result' };
        },
      ],
    });
    const wrapped = wrapModel({ model, middleware: [cache({ store: memoryStore() })] });
    const leader = wrapped.generate(request);
    const controller = new AbortController();
    const waiter = wrapped.generate(request, { signal: controller.signal });
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    await expect(waiter).rejects.toMatchObject({ code: 'aborted' });
    open.open();
    expect((await leader).text).toBe('leader result');
  });

  it('streams: followers wait for the leader to finish, then replay the same parts', async () => {
    const open = gate();
    const model = scriptedModel({
      turns: [
        async () => {
          await open.promise;
          return { text: '스트림은 한 번만 호출됩니다' };
        },
      ],
      chunkChars: 4,
    });
    const cached = cache({ store: memoryStore() });
    const wrapped = wrapModel({ model, middleware: [cached] });
    const reads = Promise.all([
      read(wrapped.stream(request)),
      read(wrapped.stream(request)),
      collectStream(wrapped.stream(request)),
    ]);
    await new Promise((resolve) => setImmediate(resolve));
    open.open();
    const [leader, follower, collected] = await reads;
    expect(model.calls).toHaveLength(1);
    expect(follower).toEqual(fromCache(leader));
    expect(collected?.text).toBe('스트림은 한 번만 호출됩니다');
    expect(cached.stats()).toMatchObject({ misses: 1, hits: 2, coalesced: 2 });
  });

  it('streams: if the leader abandons its stream, a follower calls the model itself', async () => {
    const open = gate();
    const model = scriptedModel({
      turns: [
        async () => {
          await open.promise;
          return { text: 'abandoned by the leader' };
        },
        { text: 'complete for the follower' },
      ],
    });
    const wrapped = wrapModel({ model, middleware: [cache({ store: memoryStore() })] });
    const leader = (async () => {
      for await (const part of wrapped.stream(request)) if (part.type === 'text-delta') break;
    })();
    await new Promise((resolve) => setImmediate(resolve));
    const follower = collectStream(wrapped.stream(request));
    await new Promise((resolve) => setImmediate(resolve));
    open.open();
    await leader;
    expect((await follower).text).toBe('complete for the follower');
    expect(model.calls).toHaveLength(2);
  });

  it('streams: an upstream error reaches every follower', async () => {
    const open = gate();
    const model = scriptedModel({
      turns: [
        async () => {
          await open.promise;
          return { error: new Error('502 bad gateway') };
        },
      ],
    });
    const wrapped = wrapModel({ model, middleware: [cache({ store: memoryStore() })] });
    const reads = [read(wrapped.stream(request)), read(wrapped.stream(request)), wrapped.generate(request)];
    await new Promise((resolve) => setImmediate(resolve));
    open.open();
    const settled = await Promise.allSettled(reads);
    expect(settled.map((result) => result.status === 'rejected' && result.reason.message)).toEqual(
      Array(3).fill('502 bad gateway'),
    );
    expect(model.calls).toHaveLength(1);
  });
});
