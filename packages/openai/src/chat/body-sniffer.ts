import { StreamParseError } from '@toolloop/core';

const isBlank = (byte: number): boolean => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;

/**
 * Tells an event stream from a JSON body answering a stream request: a 200 error object (gateways,
 * Ollama) or a server that ignored `stream: true`. A body labelled JSON is judged by its first
 * non-blank byte too, as some servers label real SSE as JSON. JSON is held (up to `maxJsonBytes`)
 * to be parsed whole at the end; SSE bytes pass straight on.
 */
export class BodySniffer {
  private kind: 'sse' | 'undecided' | 'json';
  private readonly held: Uint8Array[] = [];
  private heldBytes = 0;
  private readonly maxJsonBytes: number;

  constructor(contentType: string | undefined, maxJsonBytes: number) {
    this.kind = contentType?.toLowerCase().startsWith('application/json') ? 'undecided' : 'sse';
    this.maxJsonBytes = maxJsonBytes;
  }

  /** True once the body is known to be (or may still be) a JSON document rather than events. */
  get isJson(): boolean {
    return this.kind !== 'sse';
  }

  /**
   * The bytes to decode as events for this chunk, or undefined while the body is (or may be)
   * JSON and is being held. Throws StreamParseError when held JSON grows past the limit.
   */
  take(chunk: Uint8Array): Uint8Array | undefined {
    if (this.kind === 'sse') return chunk;
    this.held.push(chunk);
    this.heldBytes += chunk.byteLength;
    if (this.heldBytes > this.maxJsonBytes) {
      throw new StreamParseError({
        message: `The JSON body answering a stream request grew past maxResponseBytes (${this.maxJsonBytes} bytes); raise it with openai(model, { maxResponseBytes }) if the server really sends answers this large.`,
      });
    }
    if (this.kind === 'undecided') {
      const first = chunk.find((byte) => !isBlank(byte));
      if (first !== undefined) this.kind = first === 0x7b ? 'json' : 'sse';
    }
    if (this.kind !== 'sse') return undefined;
    // It was SSE after all: hand over everything held so far.
    const all = this.held.length === 1 ? chunk : Buffer.concat(this.held);
    this.held.length = 0;
    return all;
  }

  /** The held JSON body's text, at the end of a JSON body. */
  jsonText(): string {
    return Buffer.concat(this.held).toString('utf8');
  }
}
