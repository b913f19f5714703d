import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { AbortError } from '../errors/index.js';
import { raceAbortIterable } from './race-abort-iterable.js';

/** A source that logs how it is used; `stall` makes its next() never settle from that index on. */
function source(values: number[], log: string[], stall = Number.POSITIVE_INFINITY): AsyncIterable<number> {
  return {
    [Symbol.asyncIterator]() {
      let i = 0;
      return {
        next: () => {
          if (i >= stall) return new Promise<IteratorResult<number>>(() => {});
          return Promise.resolve(
            i < values.length ? { done: false, value: values[i++]! } : { done: true, value: undefined },
          );
        },
        return: () => {
          log.push('closed');
          return Promise.resolve({ done: true, value: undefined });
        },
      };
    },
  };
}

async function drain<T>(iterable: AsyncIterable<T>): Promise<{ values: T[]; error?: unknown }> {
  const values: T[] = [];
  try {
    for await (const value of iterable) values.push(value);
  } catch (error) {
    return { values, error };
  }
  return { values };
}

describe('raceAbortIterable', () => {
  it('passes every value through and leaves no listener once the source ends', async () => {
    const controller = new AbortController();
    const log: string[] = [];
    expect(await drain(raceAbortIterable(source([1, 2, 3], log), controller.signal))).toEqual({
      values: [1, 2, 3],
    });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(log).toEqual([]);
  });

  it('reads the source as is without a signal, closing it on an early exit', async () => {
    const log: string[] = [];
    const values: number[] = [];
    for await (const value of raceAbortIterable(source([1, 2, 3], log), undefined)) {
      values.push(value);
      if (value === 2) break;
    }
    expect(values).toEqual([1, 2]);
    expect(log).toEqual(['closed']);
  });

  it('rejects a pending next at once when the signal fires while the source stalls, and closes it', async () => {
    const controller = new AbortController();
    const log: string[] = [];
    const iterator = raceAbortIterable(source([1, 2], log, 1), controller.signal);
    expect(await iterator.next()).toEqual({ done: false, value: 1 });
    const pending = iterator.next();
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    expect(log).toEqual(['closed']);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('an abort while the consumer holds a value rejects its next call', async () => {
    const controller = new AbortController();
    const log: string[] = [];
    const seen: number[] = [];
    const result = await (async () => {
      for await (const value of raceAbortIterable(source([1, 2, 3], log), controller.signal)) {
        seen.push(value);
        controller.abort();
      }
    })().catch((error: unknown) => error);
    expect(seen).toEqual([1]);
    expect(result).toBeInstanceOf(AbortError);
    expect(log).toEqual(['closed']);
  });

  it('rejects at the first next when the signal has already fired, without opening the source', async () => {
    const controller = new AbortController();
    controller.abort();
    let opened = false;
    const never: AsyncIterable<number> = {
      [Symbol.asyncIterator]() {
        opened = true;
        return { next: () => Promise.resolve({ done: true, value: undefined }) };
      },
    };
    await expect(raceAbortIterable(never, controller.signal).next()).rejects.toBeInstanceOf(AbortError);
    expect(opened).toBe(false);
  });

  it('serves next() calls made at once in order', async () => {
    const controller = new AbortController();
    const iterator = raceAbortIterable(source([1, 2, 3], []), controller.signal);
    const results = await Promise.all([iterator.next(), iterator.next(), iterator.next(), iterator.next()]);
    expect(results.map((result) => result.value)).toEqual([1, 2, 3, undefined]);
  });

  it('passes a source error on, and then is done', async () => {
    const controller = new AbortController();
    const failing: AsyncIterable<number> = {
      [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('boom')) }),
    };
    const iterator = raceAbortIterable(failing, controller.signal);
    await expect(iterator.next()).rejects.toThrow('boom');
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
