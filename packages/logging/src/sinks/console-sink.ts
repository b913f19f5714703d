import type { LogRecord } from '../records/records.js';
import { formatLine } from './format-line.js';
import type { Sink } from './sink.js';

/** Options of consoleSink: where lines go and how they read. */
export interface ConsoleSinkOptions {
  /** Where lines go (default `process.stderr`, so program output on stdout stays clean). */
  stream?: { write(text: string): unknown };
  /** Custom line format (default: time, kind, model, step, status, latency, tokens, cost, cache, retries). */
  format?: (record: LogRecord) => string;
}

/**
 * One readable line per call.
 * @example logging({ sink: consoleSink({ stream: process.stdout }) })
 */
export function consoleSink(options: ConsoleSinkOptions = {}): Sink {
  const { stream = process.stderr, format = formatLine } = options;
  return {
    write(record) {
      stream.write(`${format(record)}\n`);
    },
  };
}
