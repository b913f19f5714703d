import { hasErrorCode } from '@toolloop/core';
import { describe, expect, it } from 'vitest';
import { RecordBatcher } from './record-batcher.js';

/** A destination that holds each batch until the test releases it. */
function heldDestination() {
  const batches: number[][] = [];
  const releases: Array<(error?: Error) => void> = [];
  return {
    batches,
    release(error?: Error) {
      releases.shift()?.(error);
    },
    writeBatch(items: readonly number[]) {
      batches.push([...items]);
      return new Promise<void>((resolve, reject) =>
        releases.push((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('RecordBatcher', () => {
  it('writes records that arrive during a write together in the next batch, in order', async () => {
    const destination = heldDestination();
    const batcher = new RecordBatcher<number>({
      name: 'test',
      maxPending: 1000,
      writeBatch: destination.writeBatch,
    });
    const first = batcher.push(0);
    await settle();
    const rest = Array.from({ length: 99 }, (_, i) => batcher.push(i + 1));
    expect(batcher.stats().pending).toBe(100);
    destination.release();
    await first;
    await settle();
    destination.release();
    await Promise.all(rest);
    expect(destination.batches).toEqual([[0], Array.from({ length: 99 }, (_, i) => i + 1)]);
    expect(batcher.stats()).toEqual({ written: 100, dropped: 0, failed: 0, pending: 0 });
  });

  it('bounds what waits: beyond maxPending records are dropped, counted, and reported once per overflow', async () => {
    const destination = heldDestination();
    const batcher = new RecordBatcher<number>({
      name: 'jsonlSink(x)',
      maxPending: 5,
      writeBatch: destination.writeBatch,
    });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => {
        const pushed = batcher.push(i);
        if (i === 19) queueMicrotask(() => destination.release());
        return i < 5 ? Promise.resolve() : pushed;
      }),
    );
    const rejected = results.filter((result) => result.status === 'rejected');
    expect(rejected).toHaveLength(1);
    const error = (rejected[0] as PromiseRejectedResult).reason;
    expect(hasErrorCode(error, 'sink-overflow')).toBe(true);
    expect((error as Error).message).toMatch(/jsonlSink\(x\).*maxPending/s);
    await settle();
    destination.release();
    await batcher.drain();
    expect(batcher.stats()).toMatchObject({ written: 5, dropped: 15, pending: 0 });
    expect(destination.batches.flat()).toEqual([0, 1, 2, 3, 4]);

    // Once the backlog drains, records are accepted again and a new overflow is reported again.
    const again = batcher.push(100);
    await settle();
    destination.release();
    await again;
    expect(destination.batches.at(-1)).toEqual([100]);
  });

  it('a failed batch rejects its own records and the next batch still goes out', async () => {
    const destination = heldDestination();
    const batcher = new RecordBatcher<number>({
      name: 'test',
      maxPending: 100,
      writeBatch: destination.writeBatch,
    });
    const failed = batcher.push(1);
    await settle();
    const next = batcher.push(2);
    destination.release(new Error('disk full'));
    await expect(failed).rejects.toThrow('disk full');
    await settle();
    destination.release();
    await expect(next).resolves.toBeUndefined();
    expect(batcher.stats()).toMatchObject({ written: 1, failed: 1, dropped: 0 });
  });

  it('memory stays bounded under a flood against a stalled destination', async () => {
    const destination = heldDestination();
    const batcher = new RecordBatcher<string>({
      name: 'test',
      maxPending: 1000,
      writeBatch: destination.writeBatch as never,
    });
    for (let i = 0; i < 200_000; i++) void batcher.push('x'.repeat(100)).catch(() => undefined);
    expect(batcher.stats()).toMatchObject({ pending: 1000, dropped: 199_000 });
    destination.release();
    await settle();
    destination.release();
    await batcher.drain();
  });
});
