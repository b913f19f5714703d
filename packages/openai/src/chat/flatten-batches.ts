const EMPTY: readonly never[] = [];

/** Options of {@link flattenBatches}. */
export interface FlattenBatchesOptions {
  /**
   * Checked before each item after the first of a batch: once aborted, the rest of the batch is
   * dropped and the generator is resumed at once, so it can throw its own AbortError (it must).
   */
  signal?: AbortSignal | undefined;
}

/**
 * Hands out the items of an async generator of batches one at a time. The stream yields the parts
 * of one network chunk as one batch, so a part costs one settled promise instead of a resumption
 * of the whole generator. The generator may refill the same array: it is resumed only once the
 * batch is used up (or dropped by `return`, `throw` or an abort), never while it is handed out.
 * `return` and `throw` go to the generator, so its `finally` runs on a consumer's break.
 *
 * @example
 * for await (const part of flattenBatches(batchesOfParts(), { signal })) console.log(part);
 */
export function flattenBatches<T>(
  batches: AsyncGenerator<readonly T[], void, undefined>,
  options: FlattenBatchesOptions = {},
): AsyncIterableIterator<T> {
  const { signal } = options;
  let batch: readonly T[] = EMPTY;
  let index = 0;
  // A pull in flight: a next() called meanwhile waits for it, so items keep their order.
  let pulling: Promise<IteratorResult<T, undefined>> | undefined;

  const drop = (): void => {
    batch = EMPTY;
    index = 0;
  };
  const onBatch = (
    result: IteratorResult<readonly T[], void>,
  ): IteratorResult<T, undefined> | Promise<IteratorResult<T, undefined>> => {
    pulling = undefined;
    if (result.done) {
      drop();
      return { done: true, value: undefined };
    }
    batch = result.value;
    index = 0;
    return iterator.next();
  };
  const onPullError = (error: unknown): never => {
    pulling = undefined;
    drop();
    throw error;
  };
  const pull = (): Promise<IteratorResult<T, undefined>> => {
    pulling = batches.next().then(onBatch, onPullError);
    return pulling;
  };
  const iterator: AsyncIterableIterator<T> = {
    next(): Promise<IteratorResult<T, undefined>> {
      if (pulling !== undefined) return pulling.then(nextAfterPull, nextAfterPull);
      if (index < batch.length) {
        if (index > 0 && signal?.aborted) {
          drop();
          return pull();
        }
        return Promise.resolve({ done: false, value: batch[index++] as T });
      }
      return pull();
    },
    return(): Promise<IteratorResult<T, undefined>> {
      drop();
      return batches.return(undefined).then(() => ({ done: true, value: undefined }));
    },
    throw(error?: unknown): Promise<IteratorResult<T, undefined>> {
      drop();
      return batches.throw(error).then(onBatch, onPullError);
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  const nextAfterPull = (): Promise<IteratorResult<T, undefined>> => iterator.next();
  return iterator;
}
