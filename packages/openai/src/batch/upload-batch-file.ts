import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { type BatchHttpContext, sendBatchJson } from './batch-http.js';
import type { WireFile } from './wire-batch.js';

/** Options of {@link uploadBatchFile}. */
export interface UploadBatchFileOptions {
  /** The file to send; it is streamed from disk, never read into memory whole. */
  path: string;
  /** The name the server sees. Default: the path's base name. OpenAI wants `.jsonl` for batches. */
  filename?: string;
  /** Default `'batch'`. */
  purpose?: string;
  signal?: AbortSignal | undefined;
}

/** A quoted multipart parameter value (RFC 7578 §4.2: quote and backslash escaped, no line breaks). */
function quoted(value: string): string {
  return `"${value.replace(/[\r\n]/g, ' ').replace(/(["\\])/g, '\\$1')}"`;
}

/**
 * `POST /files` as `multipart/form-data`, built by hand: a short preamble, the file streamed from
 * disk, the closing boundary. The length is known up front (`content-length`, no chunked encoding),
 * and a 200 MB file costs one read buffer of memory, not 200 MB (see bench/batch-upload.ts).
 */
export async function uploadBatchFile(
  context: BatchHttpContext,
  options: UploadBatchFileOptions,
): Promise<WireFile> {
  const { path, filename = basename(path), purpose = 'batch', signal } = options;
  const { size } = await stat(path);
  const boundary = `----toolloop${randomBytes(12).toString('hex')}`;
  const preamble = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\n${purpose}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename=${quoted(filename)}\r\n` +
      'Content-Type: application/jsonl\r\n\r\n',
  );
  const epilogue = Buffer.from(`\r\n--${boundary}--\r\n`);
  async function* parts(): AsyncGenerator<Buffer> {
    yield preamble;
    yield* createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>;
    yield epilogue;
  }
  return sendBatchJson<WireFile>(context, {
    method: 'POST',
    path: '/files',
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': String(preamble.length + size + epilogue.length),
    },
    body: Readable.from(parts(), { objectMode: false }),
    signal,
    collection: true,
  });
}
