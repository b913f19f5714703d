import { type FileHandle, mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InvalidOptionError, StoreUnavailableError } from '@toolloop/core';
import type { LogRecord } from '../records/records.js';
import { RecordBatcher, type SinkStats } from './record-batcher.js';
import type { Sink } from './sink.js';

/** Options of jsonlSink. */
export interface JsonlSinkOptions {
  /** The file records are appended to, one JSON object per line; missing directories are created. */
  path: string;
  /**
   * Most records waiting to be written (default 10,000, a few MB). Beyond it records are dropped
   * and counted in `stats().dropped`, and one SinkOverflowError reaches `onError` per overflow:
   * logging never slows a model call and never grows memory without bound.
   */
  maxPending?: number;
}

/** A JSON-lines sink; `stats()` says how many records were written, dropped or failed. */
export interface JsonlSink extends Sink {
  stats(): SinkStats;
}

/**
 * JSON lines appended to a file, in order, on one file handle opened on the first record. Records
 * that arrive while a write is in progress go out together in the next single append, so the
 * file keeps up with many concurrent runs; `close()` writes what is queued and closes the handle.
 * @example logging({ sink: jsonlSink({ path: 'logs/model-calls.jsonl' }) })
 */
export function jsonlSink(options: JsonlSinkOptions): JsonlSink {
  const { path, maxPending = 10_000 } = options ?? {};
  if (typeof path !== 'string' || path === '') {
    throw new InvalidOptionError({
      option: 'path',
      message: 'jsonlSink({ path }) needs the file to append to, e.g. "logs/calls.jsonl".',
    });
  }
  if (!(Number.isSafeInteger(maxPending) && maxPending > 0)) {
    throw new InvalidOptionError({
      option: 'maxPending',
      message: `jsonlSink({ maxPending }) must be a positive whole number of records, got ${maxPending}.`,
    });
  }
  let handle: Promise<FileHandle> | undefined;
  let closed = false;
  const batcher = new RecordBatcher<string>({
    name: `jsonlSink(${path})`,
    maxPending,
    async writeBatch(lines) {
      await (await file()).appendFile(lines.join(''), 'utf8');
    },
  });

  function file(): Promise<FileHandle> {
    handle ??= mkdir(dirname(path), { recursive: true }).then(() => open(path, 'a'));
    return handle;
  }

  return {
    write(record: LogRecord) {
      if (closed)
        return Promise.reject(
          new StoreUnavailableError({
            store: `jsonlSink(${path})`,
            reason: 'closed',
            message: `jsonlSink(${path}) is closed; the record was not written.`,
          }),
        );
      // Serialised now, so a record that can't be written fails alone, not its whole batch.
      return batcher.push(`${JSON.stringify(record)}\n`);
    },
    stats: () => batcher.stats(),
    async close() {
      closed = true;
      await batcher.drain();
      if (handle) await (await handle.catch(() => undefined))?.close();
    },
  };
}
