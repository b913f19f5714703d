import type { LogRecord } from '../records/records.js';

/**
 * Where records go. `write` may return a promise; the logging middleware never awaits it on the
 * call's path and never lets it fail a call (failures go to `onError`). `close` flushes and frees.
 * @example const memory: Sink = { write: (record) => void records.push(record) };
 */
export interface Sink {
  /** Takes one record; keep it fast or return a promise, the call does not wait for it. */
  write(record: LogRecord): void | Promise<void>;
  /** Flushes pending writes and frees resources (file handles, connections). */
  close?(): Promise<void>;
}
