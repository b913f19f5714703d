import {
  AbortError,
  APICallError,
  type CallOptions,
  type ModelRequest,
  redactSecrets,
  responseToStreamParts,
  StreamInterruptedError,
  StreamParseError,
  type StreamPart,
  TimeoutError,
  ToolloopError,
} from '@toolloop/core';
import { type Dispatcher, request as undiciRequest } from 'undici';
import { apiCallErrorFromConnection } from '../errors/api-call-error-from-connection.js';
import { apiCallErrorFromResponse } from '../errors/api-call-error-from-response.js';
import { redactApiCallError } from '../errors/redact-api-call-error.js';
import { scrubError } from '../errors/scrub-error.js';
import { readErrorBody } from '../http/read-error-body.js';
import { toResponseHeaders } from '../http/response-headers.js';
import { callHeaders, type ResolvedConfig } from '../provider/resolve-config.js';
import { createSSEDecoder, type SSEEvent } from '../sse/sse-decoder.js';
import { createStreamAssembler } from '../stream/stream-assembler.js';
import { encodeRequest } from './encode-request.js';
import { flattenBatches } from './flatten-batches.js';
import { parseCompletion } from './parse-completion.js';

/** Options of {@link streamChat}. */
export interface StreamChatOptions {
  config: ResolvedConfig;
  request: ModelRequest;
  callOptions?: CallOptions | undefined;
}

function errorReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
}

/**
 * One streamed `POST /chat/completions` (SSE) → StreamParts as they arrive. Bytes go straight from
 * undici's body into the SSE decoder and the assembler: no web streams, one timer per call. The
 * parts of one network chunk form one batch, handed out one by one without resuming a generator.
 */
export function streamChat(options: StreamChatOptions): AsyncIterableIterator<StreamPart> {
  return flattenBatches(streamBatches(options), { signal: options.callOptions?.signal });
}

/** The stream as batches: the parts of each network chunk, then those of the end of the body. */
async function* streamBatches(
  options: StreamChatOptions,
): AsyncGenerator<readonly StreamPart[], void, undefined> {
  const { config, request, callOptions } = options;
  const body = encodeRequest(config, request, callOptions, true);
  const signal = callOptions?.signal;

  // One controller carries the caller's abort and our own timeouts into undici, which then
  // destroys the socket: a stalled server never keeps a connection of ours.
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });

  let timedOut: TimeoutError | undefined;
  let phase: 'first-chunk' | 'idle' = 'first-chunk';
  // While the consumer holds a part, a quiet socket is the consumer's doing, not the server's.
  let yielding = false;
  const onTimeout = (): void => {
    if (yielding) return;
    const timeoutMs = phase === 'first-chunk' ? config.firstChunkTimeoutMs : config.idleTimeoutMs;
    timedOut = new TimeoutError(
      phase === 'first-chunk'
        ? `The OpenAI-compatible API at ${config.origin} sent nothing within ${timeoutMs} ms of the request (firstChunkTimeoutMs). The server may be overloaded or still loading the model; raise firstChunkTimeoutMs for slow servers.`
        : `The stream from the OpenAI-compatible API at ${config.origin} went quiet for ${timeoutMs} ms (idleTimeoutMs). The connection was closed; raise idleTimeoutMs if the server pauses that long between tokens.`,
      { timeoutMs, phase },
    );
    controller.abort(timedOut);
  };
  let timer = setTimeout(onTimeout, config.firstChunkTimeoutMs);
  // One re-arm per network chunk, after the consumer had its parts: the idle window counts only the
  // server's silence.
  const rearm = (): void => {
    if (phase === 'first-chunk') {
      phase = 'idle';
      clearTimeout(timer);
      timer = setTimeout(onTimeout, config.idleTimeoutMs);
    } else {
      timer.refresh();
    }
  };

  const assembler = createStreamAssembler({ compatFunctions: config.legacyFunctions });
  let bodyStream: Dispatcher.ResponseData['body'] | undefined;
  let stage: 'connect' | 'error-body' | 'stream' = 'connect';
  let status: number | undefined;

  const fail = (error: unknown): unknown => {
    if (timedOut) return timedOut;
    if (signal?.aborted) return new AbortError(undefined, { cause: signal.reason });
    if (ToolloopError.isInstance(error)) return error;
    if (stage === 'connect' || stage === 'error-body') {
      return apiCallErrorFromConnection({
        origin: config.origin,
        url: config.url,
        error,
        secrets: config.secrets,
        phase: stage === 'connect' ? 'connect' : 'body',
        status,
      });
    }
    return new StreamInterruptedError(
      `The stream from the OpenAI-compatible API at ${config.origin} broke off before it was complete (${redactSecrets(errorReason(error), config.secrets)}). partialText holds what arrived.`,
      { partialText: assembler.text, cause: error },
    );
  };

  try {
    const response = await undiciRequest(config.url, {
      method: 'POST',
      headers: callHeaders(config, callOptions?.headers),
      body,
      signal: controller.signal,
      dispatcher: config.dispatcher,
    });
    bodyStream = response.body;
    status = response.statusCode;
    const headers = toResponseHeaders(response.headers, config.secrets);
    if (status < 200 || status > 299) {
      stage = 'error-body';
      const bodyText = await readErrorBody(response.body);
      throw apiCallErrorFromResponse({
        origin: config.origin,
        url: config.url,
        status,
        headers,
        bodyText,
        secrets: config.secrets,
      });
    }
    stage = 'stream';
    // A JSON body instead of an event stream: a 200 error object (gateways, Ollama) or a server that
    // ignored `stream: true`. Judged by its first byte too, as some servers label real SSE as JSON.
    let bodyKind: 'sse' | 'undecided' | 'json' = headers['content-type']
      ?.toLowerCase()
      .startsWith('application/json')
      ? 'undecided'
      : 'sse';
    const held: Uint8Array[] = [];
    let heldBytes = 0;
    const maxJsonBytes = config.maxResponseBytes;

    const pending: StreamPart[] = [];
    // An error event is thrown only after the parts before it reached the consumer.
    let streamError: unknown;
    let headersAttached = false;
    const decoder = createSSEDecoder({
      maxEventBytes: config.maxEventBytes,
      onEvent(event: SSEEvent) {
        if (streamError !== undefined) return;
        const from = pending.length;
        try {
          // Appended straight to `pending`: no array per event.
          assembler.push(event, pending);
        } catch (error) {
          pending.length = from; // nothing of a failed event is yielded
          streamError = APICallError.isInstance(error)
            ? redactApiCallError({ error, secrets: config.secrets, url: config.url })
            : error;
          return;
        }
        if (!headersAttached) {
          for (let i = from; i < pending.length; i++) {
            const part = pending[i]!;
            if (part.type === 'response-metadata') {
              part.headers = headers;
              headersAttached = true;
              break;
            }
          }
        }
      },
    });

    try {
      for await (const raw of bodyStream as AsyncIterable<Uint8Array>) {
        let chunk = raw;
        if (bodyKind !== 'sse') {
          held.push(raw);
          heldBytes += raw.byteLength;
          if (heldBytes > maxJsonBytes) {
            throw new StreamParseError(
              `The JSON body answering a stream request grew past maxResponseBytes (${maxJsonBytes} bytes); raise it with openai(model, { maxResponseBytes }) if the server really sends answers this large.`,
            );
          }
          if (bodyKind === 'undecided') {
            const first = raw.find(
              (byte) => byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d,
            );
            if (first !== undefined) bodyKind = first === 0x7b ? 'json' : 'sse';
          }
          if (bodyKind !== 'sse') {
            rearm();
            continue;
          }
          chunk = held.length === 1 ? raw : Buffer.concat(held);
          held.length = 0;
        }
        decoder.feed(chunk);
        if (pending.length > 0) {
          yielding = true;
          // Resumed once the consumer took the whole batch, or early when it aborted in between.
          yield pending;
          if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
          pending.length = 0;
          yielding = false;
        }
        // One re-arm per network chunk, after the consumer had its parts: the idle window counts
        // only the server's silence. Nothing between the chunk's arrival and here lets a timer run
        // unless `yielding` is set, and a timer that fired then is ignored and re-armed here.
        rearm();
        if (streamError !== undefined) throw streamError;
      }
    } catch (error) {
      // A connection dropped after `data: [DONE]` lost nothing: the answer is complete.
      if (!assembler.done || timedOut || signal?.aborted || ToolloopError.isInstance(error)) throw error;
    }
    clearTimeout(timer);
    const single: StreamPart[] = [];
    if (bodyKind !== 'sse') {
      const text = Buffer.concat(held).toString('utf8');
      for (const part of responseToStreamParts(parseCompletion({ config, status, headers, text }))) {
        single[0] = part;
        yield single;
      }
      return;
    }
    decoder.end();
    // The last parts go one per batch: the body is over, so an abort no longer cuts them short.
    if (streamError !== undefined) {
      for (const part of pending) {
        single[0] = part;
        yield single;
      }
      throw streamError;
    }
    if (!headersAttached) pending.unshift({ type: 'response-metadata', headers });
    for (const part of assembler.end()) pending.push(part);
    for (const part of pending) {
      single[0] = part;
      yield single;
    }
  } catch (error) {
    throw scrubError(fail(error), config.secrets);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    // A consumer's break, an abort or an error: the rest of the body is unwanted, close the socket.
    if (bodyStream && !bodyStream.readableEnded) bodyStream.destroy();
  }
}
