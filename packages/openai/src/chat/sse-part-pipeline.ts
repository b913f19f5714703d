import { APICallError, type StreamPart } from '@toolloop/core';
import { redactApiCallError } from '../errors/redact-api-call-error.js';
import type { ResolvedConfig } from '../provider/resolve-config.js';
import { createSSEDecoder, type SSEDecoder, type SSEEvent } from '../sse/sse-decoder.js';
import type { StreamAssembler } from '../stream/stream-assembler.js';

/**
 * Bytes → SSE events → StreamParts, appended to `pending` (no array per event on the hot path).
 * The response headers ride on the first `response-metadata` part. An error event (or bad JSON)
 * is kept in `streamError` and thrown by the caller only after the parts before it were handed out.
 */
export class SsePartPipeline {
  /** Parts decoded and not yet handed out. */
  readonly pending: StreamPart[] = [];
  /** The first failure of an event; nothing after it is decoded. */
  streamError: unknown;
  private headersAttached = false;
  private readonly decoder: SSEDecoder;

  constructor(
    private readonly config: ResolvedConfig,
    private readonly headers: Record<string, string>,
    private readonly assembler: StreamAssembler,
  ) {
    this.decoder = createSSEDecoder({
      maxEventBytes: config.maxEventBytes,
      onEvent: (event) => this.onEvent(event),
    });
  }

  /** Decodes one network chunk. */
  feed(chunk: Uint8Array): void {
    this.decoder.feed(chunk);
  }

  /** At the end of the body: the last parts, the assembler's closing ones included. */
  end(): void {
    this.decoder.end();
    if (this.streamError !== undefined) return;
    if (!this.headersAttached) this.pending.unshift({ type: 'response-metadata', headers: this.headers });
    for (const part of this.assembler.end()) this.pending.push(part);
  }

  private onEvent(event: SSEEvent): void {
    if (this.streamError !== undefined) return;
    const pending = this.pending;
    const from = pending.length;
    try {
      this.assembler.push(event, pending);
    } catch (error) {
      pending.length = from; // nothing of a failed event is handed out
      this.streamError = APICallError.isInstance(error)
        ? redactApiCallError({ error, secrets: this.config.secrets, url: this.config.url })
        : error;
      return;
    }
    if (this.headersAttached) return;
    for (let i = from; i < pending.length; i++) {
      const part = pending[i]!;
      if (part.type === 'response-metadata') {
        part.headers = this.headers;
        this.headersAttached = true;
        return;
      }
    }
  }
}
