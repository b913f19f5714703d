import { describe, expect, it } from 'vitest';
import { flattenBatches } from './flatten-batches.js';

/** A generator that refills one array per batch, as the stream does, and records its cleanup. */
function refilling(batches: number[][], log: string[], signal?: AbortSignal) {
  return async function* (): AsyncGenerator<readonly number[], void, undefined> {
    const shared: number[] = [];
    try {
      for (const batch of batches) {
        shared.push(...batch);
        yield shared;
        if (signal?.aborted) throw new Error('aborted');
        shared.length = 0;
        log.push('resumed');
      }
    } finally {
      log.push('finally');
    }
  };
}

describe('flattenBatches', () => {
  it('hands out every item in order, resuming the generator once per batch', async () => {
    const log: string[] = [];
    const items: number[] = [];
    for await (const item of flattenBatches(refilling([[1, 2, 3], [], [4], [5, 6]], log)())) {
      items.push(item);
      log.push(`item ${item}`);
    }
    expect(items).toEqual([1, 2, 3, 4, 5, 6]);
    expect(log.slice(0, 5)).toEqual(['item 1', 'item 2', 'item 3', 'resumed', 'resumed']);
    expect(log.at(-1)).toBe('finally');
  });

  it('keeps the order when next() is called again before the previous call settled', async () => {
    const iterator = flattenBatches(refilling([[1, 2], [3]], [])());
    const results = await Promise.all([iterator.next(), iterator.next(), iterator.next(), iterator.next()]);
    expect(results).toEqual([
      { done: false, value: 1 },
      { done: false, value: 2 },
      { done: false, value: 3 },
      { done: true, value: undefined },
    ]);
  });

  it("a consumer's break runs the generator's finally", async () => {
    const log: string[] = [];
    for await (const item of flattenBatches(refilling([[1, 2, 3]], log)())) {
      if (item === 1) break;
    }
    expect(log).toEqual(['finally']);
  });

  it('an abort between two items of a batch resumes the generator, which throws', async () => {
    const controller = new AbortController();
    const log: string[] = [];
    const iterator = flattenBatches(refilling([[1, 2, 3]], log, controller.signal)(), {
      signal: controller.signal,
    });
    expect(await iterator.next()).toEqual({ done: false, value: 1 });
    controller.abort();
    await expect(iterator.next()).rejects.toThrow('aborted');
    expect(log).toEqual(['finally']);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });
});
