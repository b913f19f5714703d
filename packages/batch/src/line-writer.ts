import { writeSync } from 'node:fs';

/** Bytes gathered before a write. */
const CHUNK_BYTES = 65_536;

/** Options of {@link LineWriter}. */
export interface LineWriterOptions {
  /** The most values kept while the event loop does not turn (default 512); past it they are written at once. */
  maxPending?: number;
}

/**
 * Appends one JSON line per value to an open file: the values of one turn of the event loop are
 * serialised and written together at its end, in writes of up to 64 KiB — not one syscall per line,
 * and the serialising runs as one warm loop rather than in the middle of the callbacks that send
 * the next requests; lines never wait long, so a crash loses little.
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
  private soon: NodeJS.Immediate | undefined;
  private readonly maxPending: number;

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
    this.maxPending = options.maxPending ?? 512;
  }

  /**
   * Queues `value`'s line. The lines queued in one turn of the event loop are written together at its
   * end (after the callbacks that send the next requests, so writing never holds them up); lines
   * that come faster than the loop turns (a cache answering) are written once `maxPending` wait.
   */
  add(value: T): void {
    if (this.pending.push(value) >= this.maxPending) this.flush();
    else this.soon ??= setImmediate(() => this.flush());
  }

  /** Writes every queued line now. */
  flush(): void {
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
