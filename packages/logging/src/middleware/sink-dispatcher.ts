import type { LogRecord } from '../records/records.js';
import type { Sink } from '../sinks/sink.js';

/** Told when a sink or the logging itself fails; `record` is the record being written, when there is one. */
export type SinkErrorHandler = (error: unknown, record: LogRecord | undefined) => void;

/**
 * Fans records out to sinks. A sink that throws or rejects is reported to `onError` and never
 * reaches the model call; pending writes are tracked so `flush` and `close` can wait for them.
 */
export class SinkDispatcher {
  readonly #sinks: readonly Sink[];
  readonly #onError: SinkErrorHandler;
  readonly #pending = new Set<Promise<void>>();

  constructor(sinks: readonly Sink[], onError: SinkErrorHandler) {
    this.#sinks = sinks;
    this.#onError = onError;
  }

  write(record: LogRecord): void {
    for (const sink of this.#sinks) {
      let result: void | Promise<void>;
      try {
        result = sink.write(record);
      } catch (error) {
        this.#report(error, record);
        continue;
      }
      if (result && typeof result.then === 'function') {
        // Promise.resolve adopts any thenable, so one whose `then` throws is a rejection, not a throw.
        const tracked: Promise<void> = Promise.resolve(result).then(
          () => undefined,
          (error: unknown) => this.#report(error, record),
        );
        this.#pending.add(tracked);
        void tracked.finally(() => this.#pending.delete(tracked));
      }
    }
  }

  /** Resolves when every write issued so far has settled. */
  async flush(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }

  /** Flushes, then closes every sink (a failing close is reported, the others still close). */
  async close(): Promise<void> {
    await this.flush();
    await Promise.all(
      this.#sinks.map(async (sink) => {
        try {
          await sink.close?.();
        } catch (error) {
          this.#report(error, undefined);
        }
      }),
    );
  }

  /** Hands a logging failure to `onError` (which may not throw into the call either). */
  report(error: unknown, record: LogRecord | undefined): void {
    this.#report(error, record);
  }

  #report(error: unknown, record: LogRecord | undefined): void {
    try {
      this.#onError(error, record);
    } catch {
      // An onError that throws must not fail the model call either.
    }
  }
}
