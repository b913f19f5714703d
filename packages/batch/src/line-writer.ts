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
  /** The buffer less its last byte: lines are encoded into this, so a newline always fits after. */
  private readonly room = this.buffer.subarray(0, CHUNK_BYTES - 1);
  private pending: T[] = [];
  private timer: NodeJS.Timeout | undefined;
  private soon: NodeJS.Immediate | undefined;
  private readonly maxPending: number;
  private readonly delayMs: number;

  /**
   * @param toLine a value's line (no newline).
   * @param encode optionally, that line encoded straight into `buffer` from `offset`: where it ends,
   *   or -1 (nothing written) when it might not fit — it then goes after a write, or alone.
   */
  constructor(
    private readonly fd: number,
    private readonly toLine: (value: T) => string,
    options: LineWriterOptions = {},
    private readonly encode: (value: T, buffer: Buffer, offset: number) => number = encodeWith(toLine),
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
    const { buffer, room, fd } = this;
    let used = 0;
    for (const value of values) {
      let end = this.encode(value, room, used);
      if (end < 0 && used > 0) {
        writeAll(fd, buffer, used);
        used = 0;
        end = this.encode(value, room, 0);
      }
      if (end < 0) {
        // Larger than a whole chunk: written alone.
        const whole = Buffer.from(`${this.toLine(value)}\n`);
        writeAll(fd, whole, whole.length);
        continue;
      }
      buffer[end] = 0x0a;
      used = end + 1;
    }
    writeAll(fd, buffer, used);
  }
}

/** An encoder from a line function: the line, if it surely fits (a UTF-16 unit is at most 3 bytes). */
function encodeWith<T>(toLine: (value: T) => string): (value: T, buffer: Buffer, offset: number) => number {
  return (value, buffer, offset) => {
    const line = toLine(value);
    return line.length * 3 > buffer.length - offset ? -1 : offset + buffer.write(line, offset);
  };
}

function writeAll(fd: number, bytes: Buffer, length: number): void {
  let offset = 0;
  while (offset < length) offset += writeSync(fd, bytes, offset, length - offset);
}
