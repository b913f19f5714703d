import { type FileHandle, mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InvalidOptionError } from '@toolloop/core';
import type { LogRecord } from '../records/records.js';
import type { Sink } from './sink.js';

/** Options of jsonlSink. */
export interface JsonlSinkOptions {
  /** The file records are appended to, one JSON object per line; missing directories are created. */
  path: string;
}

/**
 * JSON lines appended to a file. Writes are queued in order on one file handle, opened on the
 * first record; `close()` waits for the queue and closes the handle.
 * @example logging({ sink: jsonlSink({ path: 'logs/model-calls.jsonl' }) })
 */
export function jsonlSink(options: JsonlSinkOptions): Sink {
  const { path } = options ?? {};
  if (typeof path !== 'string' || path === '') {
    throw new InvalidOptionError(
      'path',
      'jsonlSink({ path }) needs the file to append to, e.g. "logs/calls.jsonl".',
    );
  }
  let handle: Promise<FileHandle> | undefined;
  let queue: Promise<void> = Promise.resolve();
  let closed = false;

  function file(): Promise<FileHandle> {
    handle ??= mkdir(dirname(path), { recursive: true }).then(() => open(path, 'a'));
    return handle;
  }

  return {
    write(record: LogRecord) {
      if (closed)
        return Promise.reject(new Error(`jsonlSink(${path}) is closed; the record was not written.`));
      const line = `${JSON.stringify(record)}\n`;
      const written = queue.then(async () => {
        await (await file()).appendFile(line, 'utf8');
      });
      // The queue goes on after a failed write; the failure reaches the caller through `written`.
      queue = written.catch(() => undefined);
      return written;
    },
    async close() {
      closed = true;
      await queue;
      if (handle) await (await handle.catch(() => undefined))?.close();
    },
  };
}
