import { TimeoutError } from '@toolloop/core';

/** Options of StreamDeadline: the two windows and the controller to abort when one runs out. */
export interface StreamDeadlineOptions {
  /** The API's origin, for the message. */
  origin: string;
  firstChunkTimeoutMs: number;
  idleTimeoutMs: number;
  /** Aborted with the TimeoutError when a window runs out (undici then destroys the socket). */
  controller: AbortController;
}

/**
 * The two deadlines of a streamed call: the first chunk must arrive within `firstChunkTimeoutMs`,
 * then the server may go quiet for at most `idleTimeoutMs` between chunks. One timer per call,
 * refreshed per network chunk. While the consumer holds a part (`holding`), a quiet socket is the
 * consumer's doing, not the server's: a timer that fires then is ignored and re-armed afterwards.
 */
export class StreamDeadline {
  /** The TimeoutError once a window ran out. */
  timedOut: TimeoutError | undefined;
  /** True while the consumer holds parts of ours. */
  holding = false;
  private phase: 'first-chunk' | 'idle' = 'first-chunk';
  private timer: ReturnType<typeof setTimeout>;
  private readonly options: StreamDeadlineOptions;

  constructor(options: StreamDeadlineOptions) {
    this.options = options;
    this.timer = setTimeout(this.expire, options.firstChunkTimeoutMs);
  }

  /** A network chunk was handled: the idle window starts over. */
  rearm(): void {
    if (this.phase === 'first-chunk') {
      this.phase = 'idle';
      clearTimeout(this.timer);
      this.timer = setTimeout(this.expire, this.options.idleTimeoutMs);
    } else {
      this.timer.refresh();
    }
  }

  /** The body is over (or the call failed): no deadline any more. */
  clear(): void {
    clearTimeout(this.timer);
  }

  private readonly expire = (): void => {
    if (this.holding) return;
    const { origin, firstChunkTimeoutMs, idleTimeoutMs, controller } = this.options;
    const first = this.phase === 'first-chunk';
    const timeoutMs = first ? firstChunkTimeoutMs : idleTimeoutMs;
    this.timedOut = new TimeoutError({
      message: first
        ? `The OpenAI-compatible API at ${origin} sent nothing within ${timeoutMs} ms of the request (firstChunkTimeoutMs). The server may be overloaded or still loading the model; raise firstChunkTimeoutMs for slow servers.`
        : `The stream from the OpenAI-compatible API at ${origin} went quiet for ${timeoutMs} ms (idleTimeoutMs). The connection was closed; raise idleTimeoutMs if the server pauses that long between tokens.`,
      timeoutMs,
      phase: this.phase,
    });
    controller.abort(this.timedOut);
  };
}
