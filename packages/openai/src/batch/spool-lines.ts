import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { InvalidOptionError } from '@toolloop/core';

/** Options of {@link spoolLines}. */
export interface SpoolLinesOptions {
  lines: Iterable<string> | AsyncIterable<string>;
  path: string;
  maxRequests: number;
  maxBytes: number;
  signal?: AbortSignal | undefined;
}

// Lines are written in blocks of about this size: one write per line would cost a syscall each.
const BLOCK_CHARS = 256 * 1024;

/**
 * Writes lines to a JSONL file as they come (backpressure honoured, one block in memory), counting
 * requests and bytes; throws `InvalidOptionError` as soon as either limit is passed, before
 * anything is uploaded.
 */
export async function spoolLines(options: SpoolLinesOptions): Promise<{ requests: number; bytes: number }> {
  const { lines, path, maxRequests, maxBytes, signal } = options;
  const out = createWriteStream(path);
  const failed = once(out, 'error').then(([error]) => {
    throw error;
  });
  failed.catch(() => {});
  let requests = 0;
  let bytes = 0;
  let block = '';
  const flush = async (): Promise<void> => {
    if (block === '') return;
    const ok = out.write(block);
    block = '';
    if (!ok) await Promise.race([once(out, 'drain'), failed]);
  };
  try {
    for await (const line of lines) {
      signal?.throwIfAborted();
      requests += 1;
      if (typeof line !== 'string' || line.includes('\n')) {
        throw new InvalidOptionError({
          option: 'lines',
          message: `submit(): line ${requests} is not one line of text; make each line with encode({ customId, request }).`,
        });
      }
      bytes += Buffer.byteLength(line) + 1;
      if (requests > maxRequests || bytes > maxBytes) {
        throw new InvalidOptionError({
          option: 'lines',
          message:
            `submit(): the batch exceeds the provider's limits (${maxRequests} requests, ${maxBytes} bytes): ` +
            `request ${requests} brings it to ${bytes} bytes. Split the requests into several batches; nothing was sent.`,
        });
      }
      block += `${line}\n`;
      if (block.length >= BLOCK_CHARS) await flush();
    }
    if (requests === 0) {
      throw new InvalidOptionError({
        option: 'lines',
        message: 'submit(): no lines, so there is no batch to start. Pass at least one request.',
      });
    }
    await flush();
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
    return { requests, bytes };
  } finally {
    if (!out.writableFinished) out.destroy();
  }
}
