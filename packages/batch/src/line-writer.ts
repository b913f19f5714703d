import { writeSync } from 'node:fs';

/** Bytes gathered before a write. */
const CHUNK_BYTES = 65_536;

/** Options of {@link LineWriter}. */
export interface LineWriterOptions {
  /** Values kept before they are written (default 128). */
  maxPending?: number;
  /** The longest a value waits to be written, in ms (default 20). */
  delayMs?: number;
}

/**
 * Appends one JSON line per value to an open file: values wait (up to `maxPending`, or `delayMs`)
 * and are then serialised and written together, in writes of up to 64 KiB — not one syscall per
 * line, and the serialising runs as one warm loop between turns of the event loop rather than in
 * the middle of the callbacks that send the next requests.
 *
 * Each line is encoded into one reused buffer: V8 encodes a long string built by concatenation
 * about ten times slower than the same text line by line when it holds non-Latin-1 text (a Korean
 * answer). A crash loses at most the values not yet written, and leaves whole lines and at most one
 * cut-off last line (see readWholeLines).
 */
export class LineWriter<T> {
  private readonly buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private pending: T[] = [];
  private timer: NodeJS.Timeout | undefined;
  private soon: NodeJS.Immediate | undefined;
  private readonly maxPending: number;
  private readonly delayMs: number;

  /** @param toLine a value's line (no newline). */
  constructor(
    private readonly fd: number,
    private readonly toLine: (value: T) => string,
    options: LineWriterOptions = {},
  ) {
    this.maxPending = options.maxPending ?? 128;
    this.delayMs = options.delayMs ?? 20;
  }

  /**
   * Queues `value`'s line; written once `maxPending` are queued (on the next turn of the event loop,
   * so the caller's next request goes out before the writing blocks it; at once past four times
   * that), or `delayMs` after the first.
   */
  add(value: T): void {
    const waiting = this.pending.push(value);
    if (waiting < this.maxPending) this.timer ??= setTimeout(() => this.flush(), this.delayMs);
    // Values that come faster than the event loop turns (a cache answering) are written at once.
    else if (waiting >= 4 * this.maxPending) this.flush();
    else this.soon ??= setImmediate(() => this.flush());
  }

  /** Writes every queued line now. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    clearImmediate(this.soon);
    this.soon = undefined;
    if (this.pending.length === 0) return;
    const values = this.pending;
    this.pending = [];
    const { buffer, fd } = this;
    let used = 0;
    for (const value of values) {
      const line = this.toLine(value);
      // A UTF-16 code unit is at most 3 UTF-8 bytes: a line that might not fit goes after a write.
      const most = line.length * 3 + 1;
      if (most > CHUNK_BYTES - used) {
        writeAll(fd, buffer, used);
        used = 0;
        if (most > CHUNK_BYTES) {
          const whole = Buffer.from(`${line}\n`);
          writeAll(fd, whole, whole.length);
          continue;
        }
      }
      used += buffer.write(line, used);
      buffer[used++] = 0x0a;
    }
    writeAll(fd, buffer, used);
  }
}

function writeAll(fd: number, bytes: Buffer, length: number): void {
  let offset = 0;
  while (offset < length) offset += writeSync(fd, bytes, offset, length - offset);
}
