import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChatRequestBody, Fault, Turn } from '../types.js';
import { completionBody } from '../wire/completion-body.js';
import { defaultErrorBody, errorBody } from '../wire/error-bodies.js';
import type { MessageReply, ResponseMeta } from '../wire/reply.js';
import { DONE_EVENT, streamEvents } from '../wire/stream-events.js';
import { missingMessagesError } from './missing-messages.js';
import { parseJson } from './parse-json.js';
import { CREATED_MARK, fillTemplate, type ReplyCache, SEQUENCE_MARK, toTemplate } from './reply-cache.js';
import { requestModel, resolveReply } from './resolve-reply.js';
import { unauthorized } from './unauthorized.js';
import { type Ending, type TimerSet, writePieces } from './write-pieces.js';

/** The mutable state a chat-completions request reads and consumes. */
export interface ChatContext {
  script: Turn[];
  faults: Fault[];
  apiKey: string | undefined;
  model: string;
  chunkChars: number;
  streamDelayMs: number;
  /** Each SSE event in its own write (see SimulatorOptions.stream). */
  eventPerWrite: boolean;
  timers: TimerSet;
  /** Policy answers by raw body; `undefined` turns memoising off. */
  cache: ReplyCache | undefined;
}

const JSON_TYPE = 'application/json';

/** Sends a JSON body with its length; `body` is serialised here unless already a string. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

const INVALID_JSON =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)";

/** Marks a body the caller has not parsed (it did not need it for recording). */
export const UNPARSED: unique symbol = Symbol('unparsed');

/**
 * Answers one `POST /v1/chat/completions`: the next fault, then auth and validation, then the next
 * scripted turn or the policy. Policy answers are memoised by raw body (see {@link ReplyCache})
 * while no fault or turn is queued; each response still gets its own id and `created`.
 */
export function serveChat(
  context: ChatContext,
  req: IncomingMessage,
  res: ServerResponse,
  rawBody: string,
  parsed: unknown,
  sequence: number,
): void {
  const requestId = `req_sim_${sequence}`;
  const fault = context.faults.shift();
  if (fault !== undefined) {
    res.setHeader('x-request-id', requestId);
    if (fault.type === 'reset-before-headers') {
      const socket = req.socket;
      // resetAndDestroy sends a TCP RST (ECONNRESET on the client) rather than a clean FIN.
      if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
      else socket.destroy();
      return;
    }
    if (fault.type === 'no-headers') return;
    if (fault.type === 'status') {
      sendJson(res, fault.status, fault.body ?? defaultErrorBody(fault.status, requestId), fault.headers);
      return;
    }
  }

  const denied = unauthorized(context.apiKey, req.headers.authorization);
  if (denied !== undefined) {
    res.setHeader('x-request-id', requestId);
    sendJson(res, 401, denied);
    return;
  }
  const cache = fault === undefined && context.script.length === 0 ? context.cache : undefined;
  const template = cache?.get(rawBody);
  if (template !== undefined) {
    const body = fillTemplate(template, String(sequence), String(Math.floor(Date.now() / 1000)));
    writeBody(res, template.stream, body, requestId);
    return;
  }

  const body = parsed === UNPARSED ? parseJson(rawBody) : parsed;
  if (body === undefined) {
    res.setHeader('x-request-id', requestId);
    sendJson(res, 400, errorBody(INVALID_JSON, 'invalid_request_error'));
    return;
  }
  const request = body as ChatRequestBody;
  const invalid = missingMessagesError(body);
  if (invalid) {
    res.setHeader('x-request-id', requestId);
    sendJson(res, 400, invalid);
    return;
  }

  const model = requestModel(request, context.model);
  const reply = resolveReply(context.script.shift(), request, sequence, requestId, model);
  if (reply.kind === 'error') {
    res.setHeader('x-request-id', requestId);
    sendJson(res, reply.status, reply.body, reply.headers);
    return;
  }
  const meta: ResponseMeta = {
    id: `chatcmpl-sim-${sequence}`,
    created: Math.floor(Date.now() / 1000),
    model,
  };
  const stream = request.stream === true;
  if (
    fault === undefined &&
    reply.delayMs <= 0 &&
    (!stream || (context.streamDelayMs <= 0 && !context.eventPerWrite))
  ) {
    // The common case: the whole body in one write.
    const text = render(context, reply, meta, request, stream);
    if (cache?.admit(rawBody)) {
      const marked = resolveReply(undefined, request, SEQUENCE_MARK, requestId, model);
      const markedMeta = { id: `chatcmpl-sim-${SEQUENCE_MARK}`, created: CREATED_MARK, model: meta.model };
      const candidate =
        marked.kind === 'message'
          ? toTemplate(render(context, marked, markedMeta, request, stream), stream)
          : undefined;
      // A template that does not reproduce this very body (the marks occur in the text) is never used.
      const valid =
        candidate !== undefined && fillTemplate(candidate, String(sequence), String(meta.created)) === text;
      cache.set(rawBody, valid ? candidate : undefined);
    }
    writeBody(res, stream, text, requestId);
    return;
  }
  res.setHeader('x-request-id', requestId);
  if (reply.delayMs > 0) {
    const timer = setTimeout(() => {
      context.timers.delete(timer);
      respond(context, res, reply, meta, request, fault);
    }, reply.delayMs);
    context.timers.add(timer);
  } else {
    respond(context, res, reply, meta, request, fault);
  }
}

function render(
  context: ChatContext,
  reply: MessageReply,
  meta: ResponseMeta,
  request: ChatRequestBody,
  stream: boolean,
): string {
  if (!stream) return completionBody(reply, meta);
  return streamEvents(reply, meta, {
    chunkChars: context.chunkChars,
    includeUsage: request.stream_options?.include_usage === true,
  }).join('');
}

/** A complete 200 body in one write; headers as a flat array (Node's cheapest `writeHead` path). */
function writeBody(res: ServerResponse, stream: boolean, text: string, requestId: string): void {
  if (res.destroyed) return;
  if (stream) {
    res.writeHead(200, [
      'x-request-id',
      requestId,
      'content-type',
      'text/event-stream; charset=utf-8',
      'cache-control',
      'no-cache',
    ]);
  } else {
    res.writeHead(200, [
      'x-request-id',
      requestId,
      'content-type',
      JSON_TYPE,
      'content-length',
      String(Buffer.byteLength(text)),
    ]);
  }
  res.end(text);
}

function respond(
  context: ChatContext,
  res: ServerResponse,
  reply: MessageReply,
  meta: ResponseMeta,
  request: ChatRequestBody,
  fault: Fault | undefined,
): void {
  if (res.destroyed) return;
  if (request.stream === true) writeStream(context, res, reply, meta, request, fault);
  else writeJson(context, res, reply, meta, fault);
}

function errorEvent(): string {
  const payload = {
    error: {
      message: 'The server had an error while processing your request (simulated error-event fault).',
      type: 'server_error',
      code: 'simulated_stream_error',
      status_code: 500,
    },
  };
  return `event: error\ndata: ${JSON.stringify(payload)}\n\n`;
}

function writeStream(
  context: ChatContext,
  res: ServerResponse,
  reply: MessageReply,
  meta: ResponseMeta,
  request: ChatRequestBody,
  fault: Fault | undefined,
): void {
  let events = streamEvents(reply, meta, {
    chunkChars: context.chunkChars,
    includeUsage: request.stream_options?.include_usage === true,
  });
  let ending: Ending = 'end';
  switch (fault?.type) {
    case 'cut-after':
      events = events.slice(0, fault.events);
      ending = 'cut';
      break;
    case 'stall-after':
      events = events.slice(0, fault.events);
      ending = 'stall';
      break;
    case 'malformed-json':
      events = [...events.slice(0, fault.afterEvents), 'data: {not json\n\n'];
      break;
    case 'error-event':
      events = [...events.slice(0, fault.afterEvents), errorEvent()];
      break;
    case 'no-done':
      if (events[events.length - 1] === DONE_EVENT) events = events.slice(0, -1);
      break;
  }
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
  });
  if (ending !== 'end') res.flushHeaders();
  writePieces(res, events, {
    delayMs: context.streamDelayMs,
    ending,
    oneByte: fault?.type === 'one-byte-chunks',
    eachPiece: context.eventPerWrite,
    timers: context.timers,
  });
}

/** Non-streamed answers meet stream faults too: cut/stall after half the body, a body that is not JSON, bytes one at a time. */
function writeJson(
  context: ChatContext,
  res: ServerResponse,
  reply: MessageReply,
  meta: ResponseMeta,
  fault: Fault | undefined,
): void {
  const body = completionBody(reply, meta);
  switch (fault?.type) {
    case 'cut-after':
    case 'stall-after':
      res.writeHead(200, { 'content-type': JSON_TYPE });
      res.flushHeaders();
      writePieces(res, [body.slice(0, Math.floor(body.length / 2))], {
        delayMs: 0,
        ending: fault.type === 'cut-after' ? 'cut' : 'stall',
        oneByte: false,
        eachPiece: false,
        timers: context.timers,
      });
      return;
    case 'malformed-json':
      sendJson(res, 200, '{not json');
      return;
    case 'error-event':
      sendJson(res, 200, JSON.parse(errorEvent().split('data: ')[1] ?? '{}'));
      return;
    case 'one-byte-chunks':
      res.writeHead(200, { 'content-type': JSON_TYPE });
      writePieces(res, [body], {
        delayMs: 0,
        ending: 'end',
        oneByte: true,
        eachPiece: false,
        timers: context.timers,
      });
      return;
    default:
      sendJson(res, 200, body);
  }
}
