import { SinkOverflowError } from './sink-overflow-error.js';

/** What a batching sink has done so far; read it to see whether logging keeps up. */
export interface SinkStats {
  /** Records written to the destination. */
  written: number;
  /** Records dropped because `maxPending` were already waiting (never written). */
  dropped: number;
  /** Records whose batch failed to write (each was reported to `onError`). */
  failed: number;
  /** Records waiting now (queued plus in flight). */
  pending: number;
}

/** Options of RecordBatcher. */
export interface RecordBatcherOptions<T> {
  /** Names the sink in errors, e.g. `jsonlSink(logs/calls.jsonl)`. */
  name: string;
  /** Bound on records waiting (queued plus in flight); a record beyond it is dropped and counted. */
  maxPending: number;
  /** Writes one batch, in order; the next batch starts when it settles. */
  writeBatch(items: readonly T[]): Promise<void>;
}

interface Batch<T> {
  records: T[];
  settled: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * The write path shared by the file and database sinks: records gather while one batch is being
 * written and go out together in the next, so a slow destination costs one write per batch, not
 * per record; at most `maxPending` records wait (memory stays bounded under any load) and the
 * rest are dropped with a counter and one SinkOverflowError per overflow.
 */
export class RecordBatcher<T> {
  readonly #options: RecordBatcherOptions<T>;
  #queued: Batch<T> | undefined;
  #inFlight = 0;
  #draining: Promise<void> = Promise.resolve();
  #overflowing = false;
  readonly #stats = { written: 0, dropped: 0, failed: 0 };

  constructor(options: RecordBatcherOptions<T>) {
    this.#options = options;
  }

  /** Queues a record; the promise settles when its batch is written (rejects if it was dropped or failed). */
  push(record: T): Promise<void> {
    if (this.pending >= this.#options.maxPending) {
      this.#stats.dropped++;
      if (this.#overflowing) return Promise.resolve();
      this.#overflowing = true;
      return Promise.reject(
        new SinkOverflowError({ sink: this.#options.name, maxPending: this.#options.maxPending }),
      );
    }
    if (!this.#queued) {
      this.#queued = newBatch<T>();
      this.#draining = this.#draining.then(() => this.#writeQueued());
    }
    this.#queued.records.push(record);
    return this.#queued.settled;
  }

  /** Resolves when every record queued so far has been written or has failed. */
  async drain(): Promise<void> {
    await this.#draining;
  }

  /** Counters since the sink was created. */
  stats(): SinkStats {
    return { ...this.#stats, pending: this.pending };
  }

  get pending(): number {
    return this.#inFlight + (this.#queued?.records.length ?? 0);
  }

  async #writeQueued(): Promise<void> {
    const batch = this.#queued;
    if (!batch) return;
    this.#queued = undefined;
    this.#inFlight = batch.records.length;
    try {
      await this.#options.writeBatch(batch.records);
      this.#stats.written += batch.records.length;
      batch.resolve();
    } catch (error) {
      this.#stats.failed += batch.records.length;
      batch.reject(error);
    } finally {
      this.#inFlight = 0;
      if (this.pending < this.#options.maxPending / 2) this.#overflowing = false;
    }
  }
}

function newBatch<T>(): Batch<T> {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const settled = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Callers that ignore the promise must not see an unhandled rejection; the dispatcher reports it.
  settled.catch(() => undefined);
  return { records: [], settled, resolve, reject };
}
