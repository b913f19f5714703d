import { writeSync } from 'node:fs';

/** Bytes gathered before a write. */
const CHUNK_BYTES = 65_536;

/** Options of {@link LineWriter}. */
export interface LineWriterOptions {
  /** The most values kept while the event loop does not turn (default 512); past it they are encoded at once. */
  maxPending?: number;
  /** The longest encoded lines wait for a write, in ms (default 20); 48 KiB go at once. */
  delayMs?: number;
  /**
   * A write failed (a full disk) outside a call of yours: nothing more is written, and flush()
   * throws the same error. Without it, the error is thrown where the write happened.
   */
  onError?: (error: unknown) => void;
}

/** Encoded bytes that are written at once, not after `delayMs`. */
const WRITE_AT = 49_152;

/**
 * Appends one JSON line per value to an open file. The values of one turn of the event loop are
 * encoded together at its end — after the callbacks that send the next requests, so encoding never
 * holds them up, and as one warm loop — into one reused buffer, which is written once 48 KiB have
 * gathered or `delayMs` after the first: not one syscall per line, nor per turn.
 *
 * Lines are encoded one by one: V8 encodes a long string built by concatenation about ten times
 * slower than the same text line by line when it holds non-Latin-1 text (a Korean answer). A crash
 * loses at most the lines of the last `delayMs`, and leaves whole lines and at most one cut-off last
 * line (see readWholeLines).
 */
export class LineWriter<T> {
  private readonly buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  /** The buffer less its last byte: lines are encoded into this, so a newline always fits after. */
  private readonly room = this.buffer.subarray(0, CHUNK_BYTES - 1);
  /** Bytes of the buffer encoded and not yet written. */
  private used = 0;
  private pending: T[] = [];
  private soon: NodeJS.Immediate | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly maxPending: number;
  private readonly delayMs: number;
  private readonly onError: ((error: unknown) => void) | undefined;
  private failure: { error: unknown } | undefined;

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
    this.delayMs = options.delayMs ?? 20;
    this.onError = options.onError;
  }

  /** Queues `value`'s line: encoded at the end of this turn of the event loop (see the class). */
  add(value: T): void {
    if (this.failure) return;
    if (this.pending.push(value) >= this.maxPending) this.guarded(() => this.encodePending());
    else this.soon ??= setImmediate(() => this.guarded(() => this.encodePending()));
  }

  /** Writes every queued line now; throws the error of a write that failed, now or before. */
  flush(): void {
    if (!this.failure) {
      try {
        this.encodePending();
        this.write();
      } catch (error) {
        this.failure = { error };
      }
    }
    if (this.failure) throw this.failure.error;
  }

  /** Work that may write, outside flush(): a failed write stops the writer and goes to onError (not to a timer). */
  private guarded(work: () => void): void {
    if (this.failure) return;
    try {
      work();
    } catch (error) {
      this.failure = { error };
      if (!this.onError) throw error;
      this.onError(error);
    }
  }

  private encodePending(): void {
    clearImmediate(this.soon);
    this.soon = undefined;
    if (this.pending.length === 0) return;
    const values = this.pending;
    this.pending = [];
    const { buffer, room } = this;
    for (const value of values) {
      let end = this.encode(value, room, this.used);
      if (end < 0 && this.used > 0) {
        this.write();
        end = this.encode(value, room, 0);
      }
      if (end < 0) {
        // Larger than a whole chunk: written alone.
        const whole = Buffer.from(`${this.toLine(value)}\n`);
        writeAll(this.fd, whole, whole.length);
        continue;
      }
      buffer[end] = 0x0a;
      this.used = end + 1;
    }
    if (this.used >= WRITE_AT) this.write();
    else if (this.used > 0) this.timer ??= setTimeout(() => this.guarded(() => this.write()), this.delayMs);
  }

  private write(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.used === 0) return;
    writeAll(this.fd, this.buffer, this.used);
    this.used = 0;
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
