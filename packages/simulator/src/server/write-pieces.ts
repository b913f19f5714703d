import type { ServerResponse } from 'node:http';

/** How a response ends after its last piece. */
export type Ending = 'end' | 'cut' | 'stall';

/** Timers the server must cancel on close. */
export interface TimerSet {
  add(timer: NodeJS.Timeout): void;
  delete(timer: NodeJS.Timeout): void;
}

/**
 * Writes the pieces of a body, then ends it. With `delayMs` 0 everything goes out in one write (no
 * timer on the hot path) unless `eachPiece` asks for one write per piece, the next after the event
 * loop turns (setImmediate, or 'drain' when the socket buffer is full); otherwise one piece per tick
 * of `delayMs`. `oneByte` writes each byte separately so clients meet every possible split of lines
 * and UTF-8 sequences.
 */
export function writePieces(
  res: ServerResponse,
  pieces: string[],
  options: { delayMs: number; ending: Ending; oneByte: boolean; eachPiece: boolean; timers: TimerSet },
): void {
  const finish = (): void => {
    if (res.destroyed) return;
    if (options.ending === 'end') res.end();
    // Half-close after the written bytes are flushed: the client sees the body stop mid-way
    // without the chunked terminator, as when a proxy drops the connection.
    else if (options.ending === 'cut') res.socket?.end();
    // 'stall': write nothing more; the socket stays open until the client gives up or close().
  };
  if (options.oneByte) {
    const bytes = Buffer.from(pieces.join(''), 'utf8');
    for (let i = 0; i < bytes.length && !res.destroyed; i++) res.write(bytes.subarray(i, i + 1));
    finish();
    return;
  }
  if (options.delayMs <= 0 && !options.eachPiece) {
    const body = pieces.join('');
    if (body.length > 0) res.write(body);
    finish();
    return;
  }
  // One piece per write: the next after the event loop turns (or the socket drains), or after delayMs.
  const wait =
    options.delayMs <= 0
      ? (written: boolean, then: () => void): void => {
          if (written) setImmediate(then);
          else res.once('drain', then);
        }
      : (_written: boolean, then: () => void): void => {
          const timer = setTimeout(() => {
            options.timers.delete(timer);
            then();
          }, options.delayMs);
          options.timers.add(timer);
        };
  let index = 0;
  const next = (): void => {
    if (res.destroyed) return;
    const piece = pieces[index++];
    if (piece === undefined) {
      finish();
      return;
    }
    wait(res.write(piece), next);
  };
  next();
}
