import { InvalidOptionError, StreamParseError } from '@toolloop/core';
import { createParser, type EventSourceMessage, type ParseError } from 'eventsource-parser';

/** One Server-Sent Event. `event`, `id` and `retry` are present only when the server sent them. */
export interface SSEEvent {
  event?: string;
  /** The event's `data:` lines joined with `\n` (for Chat Completions a JSON chunk, or `[DONE]`). */
  data: string;
  id?: string;
  /** The last `retry:` value (ms) seen since the previous event, if any. */
  retry?: number;
}

/** Options of createSSEDecoder: where events go and how large one may grow. */
export interface SSEDecoderOptions {
  /**
   * Largest event (bytes of its lines, since the previous event) the decoder will buffer before it
   * gives up with a StreamParseError. Default 16 MiB.
   */
  maxEventBytes?: number;
  /** Called synchronously for every complete event, in order. A throw propagates out of feed()/end(). */
  onEvent(event: SSEEvent): void;
}

/** A push-style decoder: feed it body chunks as they arrive, then call `end()` once. */
export interface SSEDecoder {
  /** Feeds the next bytes of the body, split anywhere (inside a line or a UTF-8 character). */
  feed(chunk: Uint8Array): void;
  /** At end of body: flushes a trailing partial character and dispatches a last unterminated event. */
  end(): void;
}

const DEFAULT_MAX_EVENT_BYTES = 16 * 1024 * 1024;
// Hoisted so decode() allocates no options object per chunk.
const STREAM_DECODE = { stream: true } as const;

/**
 * A byte-level SSE decoder: UTF-8 decoding that survives characters split across chunks, then
 * eventsource-parser for lines (LF, CR, CRLF), comments and fields. Pure: no I/O, no streams.
 *
 * @example
 * const decoder = createSSEDecoder({ onEvent: (event) => console.log(event.data) });
 * for await (const chunk of body) decoder.feed(chunk);
 * decoder.end();
 */
export function createSSEDecoder(options: SSEDecoderOptions): SSEDecoder {
  const { maxEventBytes = DEFAULT_MAX_EVENT_BYTES, onEvent } = options;
  if (typeof maxEventBytes !== 'number' || !(maxEventBytes > 0)) {
    throw new InvalidOptionError({
      option: 'maxEventBytes',
      message: `maxEventBytes must be a positive number of bytes (got ${String(maxEventBytes)}); omit it for the 16 MiB default.`,
    });
  }
  if (typeof onEvent !== 'function') {
    throw new InvalidOptionError({
      option: 'onEvent',
      message: 'createSSEDecoder needs an onEvent(event) callback.',
    });
  }

  const textDecoder = new TextDecoder('utf-8');
  // Bytes fed since the last dispatched event (or comment). Reset inside a feed when an event is
  // dispatched, so the rest of that chunk is not counted: the count can lag by at most one chunk,
  // never over-count, and costs one addition per chunk instead of a byte count per line.
  let bytesSinceEvent = 0;
  let pendingRetry: number | undefined;
  let ended = false;

  const tooLarge = (): StreamParseError => {
    // After this the parser is in an undefined state; end() must not feed it again.
    ended = true;
    return new StreamParseError({
      message:
        `An SSE event grew past maxEventBytes (${maxEventBytes} bytes) without ending. The server sent an ` +
        'oversized or unterminated event; if such events are expected, raise the `maxEventBytes` option.',
    });
  };

  const parser = createParser({
    // eventsource-parser counts UTF-16 units; a unit is at least one byte, so this backstop never fires
    // before the byte limit is really exceeded and bounds memory even when comments reset our counter.
    maxBufferSize: maxEventBytes,
    onEvent(message: EventSourceMessage) {
      bytesSinceEvent = 0;
      const data = message.data;
      // A whole oversized event can arrive inside one chunk; check its real size (cheap unless huge).
      if (data.length * 3 > maxEventBytes && Buffer.byteLength(data, 'utf8') > maxEventBytes)
        throw tooLarge();
      // The parser's object is handed on as is (no copy per event); `retry` joins the event it preceded.
      const event = message as SSEEvent;
      if (pendingRetry !== undefined) {
        event.retry = pendingRetry;
        pendingRetry = undefined;
      }
      onEvent(event);
    },
    onComment() {
      // Keep-alives (`: ping`, `: OPENROUTER PROCESSING`) are dropped but show the stream is alive.
      bytesSinceEvent = 0;
    },
    onRetry(retryMs: number) {
      pendingRetry = retryMs;
    },
    onError(error: ParseError) {
      // Unknown fields and invalid retry values are ignored, as the SSE spec says.
      if (error.type === 'max-buffer-size-exceeded') throw tooLarge();
    },
  });

  return {
    feed(chunk: Uint8Array): void {
      if (ended) throw new StreamParseError({ message: 'SSE decoder: feed() was called after end().' });
      bytesSinceEvent += chunk.byteLength;
      parser.feed(textDecoder.decode(chunk, STREAM_DECODE));
      if (bytesSinceEvent > maxEventBytes) throw tooLarge();
    },
    end(): void {
      if (ended) return;
      ended = true;
      // decode() without `stream` flushes bytes of a character cut off at EOF (as U+FFFD). The two
      // newlines end a last line and dispatch a last event that had no blank line after it:
      // eventsource-parser's reset({ consume: true }) parses a pending line but never dispatches.
      parser.feed(`${textDecoder.decode()}\n\n`);
    },
  };
}
