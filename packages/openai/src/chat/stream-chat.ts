import {
  AbortError,
  type CallOptions,
  type ModelRequest,
  StreamInterruptedError,
  type StreamPart,
  ToolloopError,
} from '@toolloop/core';
import { onAbort, redactSecrets, responseToStreamParts } from '@toolloop/core/internal';
import { type Dispatcher, request as undiciRequest } from 'undici';
import { apiCallErrorFromConnection } from '../errors/api-call-error-from-connection.js';
import { apiCallErrorFromResponse } from '../errors/api-call-error-from-response.js';
import { scrubError } from '../errors/scrub-error.js';
import { readErrorBody } from '../http/read-error-body.js';
import { toResponseHeaders } from '../http/response-headers.js';
import { callHeaders, type ResolvedConfig } from '../provider/resolve-config.js';
import { createStreamAssembler } from '../stream/stream-assembler.js';
import { BodySniffer } from './body-sniffer.js';
import { encodeRequest } from './encode-request.js';
import { flattenBatches } from './flatten-batches.js';
import { parseCompletion } from './parse-completion.js';
import { SsePartPipeline } from './sse-part-pipeline.js';
import { StreamDeadline } from './stream-deadline.js';

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

/** Where a streamed call failed, which decides the error it becomes. */
type Stage = 'connect' | 'error-body' | 'stream';

/** The error a streamed call ends with: the deadline's, the caller's abort, or what broke where. */
function failure(
  error: unknown,
  context: {
    config: ResolvedConfig;
    stage: Stage;
    status: number | undefined;
    deadline: StreamDeadline;
    signal: AbortSignal | undefined;
    partialText: string;
  },
): unknown {
  const { config, stage, status, deadline, signal } = context;
  if (deadline.timedOut) return deadline.timedOut;
  if (signal?.aborted) return new AbortError({ cause: signal.reason });
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
  return new StreamInterruptedError({
    message: `The stream from the OpenAI-compatible API at ${config.origin} broke off before it was complete (${redactSecrets(errorReason(error), config.secrets)}). partialText holds what arrived.`,
    partialText: context.partialText,
    cause: error,
  });
}

/** Hands out parts one per batch: once the body is over, an abort no longer cuts them short. */
function* onePerBatch(parts: Iterable<StreamPart>): Generator<readonly StreamPart[]> {
  const single: StreamPart[] = [];
  for (const part of parts) {
    single[0] = part;
    yield single;
  }
}

/**
 * The stream as batches: the parts of each network chunk, then those of the end of the body.
 * The pieces: StreamDeadline (first-chunk and idle windows), BodySniffer (events or a JSON body),
 * SsePartPipeline (bytes → events → parts); this function only moves bytes between them.
 */
async function* streamBatches(
  options: StreamChatOptions,
): AsyncGenerator<readonly StreamPart[], void, undefined> {
  const { config, request, callOptions } = options;
  const body = encodeRequest(config, request, callOptions, true);
  const signal = callOptions?.signal;
  // One controller carries the caller's abort and our own deadlines into undici, which then
  // destroys the socket: a stalled server never keeps a connection of ours.
  const controller = new AbortController();
  const stopListening = onAbort(signal, () => controller.abort(signal?.reason));
  const deadline = new StreamDeadline({
    origin: config.origin,
    firstChunkTimeoutMs: config.firstChunkTimeoutMs,
    idleTimeoutMs: config.idleTimeoutMs,
    controller,
  });
  const assembler = createStreamAssembler();
  let bodyStream: Dispatcher.ResponseData['body'] | undefined;
  let stage: Stage = 'connect';
  let status: number | undefined;

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
    const sniffer = new BodySniffer(headers['content-type'], config.maxResponseBytes);
    const pipeline = new SsePartPipeline(config, headers, assembler);
    const { pending } = pipeline;
    try {
      for await (const raw of bodyStream as AsyncIterable<Uint8Array>) {
        const chunk = sniffer.take(raw);
        if (chunk) pipeline.feed(chunk);
        if (pending.length > 0) {
          deadline.holding = true;
          // Resumed once the consumer took the whole batch, or early when it aborted in between.
          yield pending;
          if (signal?.aborted) throw new AbortError({ cause: signal.reason });
          pending.length = 0;
          deadline.holding = false;
        }
        // One re-arm per network chunk, after the consumer had its parts: the idle window counts
        // only the server's silence. Nothing between the chunk's arrival and here lets a timer run
        // unless `holding` is set, and a timer that fired then is ignored and re-armed here.
        deadline.rearm();
        if (pipeline.streamError !== undefined) throw pipeline.streamError;
      }
    } catch (error) {
      // A connection dropped after `data: [DONE]` lost nothing: the answer is complete.
      if (!assembler.done || deadline.timedOut || signal?.aborted || ToolloopError.isInstance(error))
        throw error;
    }
    deadline.clear();
    if (sniffer.isJson) {
      yield* onePerBatch(
        responseToStreamParts(parseCompletion({ config, status, headers, text: sniffer.jsonText() })),
      );
      return;
    }
    pipeline.end();
    yield* onePerBatch(pending);
    if (pipeline.streamError !== undefined) throw pipeline.streamError;
  } catch (error) {
    const partialText = assembler.text;
    throw scrubError(
      failure(error, { config, stage, status, deadline, signal, partialText }),
      config.secrets,
    );
  } finally {
    deadline.clear();
    stopListening();
    // A consumer's break, an abort or an error: the rest of the body is unwanted, close the socket.
    if (bodyStream && !bodyStream.readableEnded) bodyStream.destroy();
  }
}
