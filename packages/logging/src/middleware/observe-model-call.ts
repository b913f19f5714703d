import type { ModelCallContext, ModelRequest, StreamPart, ToolCall } from '@toolloop/core';
import type { ModelCallObservation } from '../records/build-records.js';
import { type ErrorFields, errorFields } from '../records/error-fields.js';

/** A fresh observation of one model call, filled in as it runs. */
export function startObservation(
  context: ModelCallContext,
  request: ModelRequest,
  logPrompts: boolean,
): ModelCallObservation {
  return {
    context,
    request,
    timestamp: new Date().toISOString(),
    latencyMs: 0,
    timeToFirstTokenMs: null,
    usage: undefined,
    finishReason: undefined,
    responseModel: undefined,
    responseId: undefined,
    failure: undefined,
    output: undefined,
    logPrompts,
    source: undefined,
  };
}

/** What observeStream needs besides the parts. */
export interface ObserveStreamOptions {
  now: () => number;
  secrets: readonly string[];
  /** Called once with the finished observation, whether the stream completed, failed or was abandoned. */
  done: (seen: ModelCallObservation) => void;
}

/**
 * Opens the model stream (lazily, on the first read) and passes its parts through unchanged while recording into `seen` what the log needs:
 * time to first token, usage and where the response came from (on the finish part), the answer
 * (with logPrompts), and why it ended — a failure, a stream without a finish part, or a consumer
 * that stopped reading.
 */
export async function* observeStream(
  open: () => AsyncIterable<StreamPart>,
  seen: ModelCallObservation,
  options: ObserveStreamOptions,
): AsyncIterable<StreamPart> {
  const { now } = options;
  const started = now();
  let text = '';
  const toolCalls: ToolCall[] = [];
  let failure: ErrorFields | undefined;
  let completed = false;
  try {
    for await (const part of open()) {
      switch (part.type) {
        case 'text-delta':
          seen.timeToFirstTokenMs ??= now() - started;
          if (seen.logPrompts) text += part.delta;
          break;
        case 'refusal-delta':
        case 'tool-call-delta':
          seen.timeToFirstTokenMs ??= now() - started;
          break;
        case 'tool-call':
          // Some models send complete tool calls without deltas: the call is the first token then.
          seen.timeToFirstTokenMs ??= now() - started;
          if (seen.logPrompts) toolCalls.push(part.toolCall);
          break;
        case 'response-metadata':
          seen.responseModel = part.modelId ?? seen.responseModel;
          seen.responseId = part.id ?? seen.responseId;
          break;
        case 'finish':
          // Usage arrives on the finish part; a stream cut before it has spent an unknown amount.
          seen.usage = part.usage;
          seen.source = part.source;
          seen.finishReason = part.finishReason;
          break;
      }
      yield part;
    }
    completed = true;
  } catch (error) {
    failure = errorFields(error, seen.context.signal, options.secrets);
    throw error;
  } finally {
    seen.latencyMs = now() - started;
    seen.failure = failure ?? (seen.finishReason === undefined ? unfinished(completed) : undefined);
    if (seen.logPrompts) seen.output = { text, toolCalls };
    options.done(seen);
  }
}

/** Why a stream without a finish part ended: it closed early, or its consumer stopped reading. */
function unfinished(completed: boolean): ErrorFields {
  return completed
    ? {
        status: 'error',
        errorCode: 'stream-interrupted',
        errorMessage: 'The stream ended without a finish part.',
        httpStatus: null,
      }
    : {
        status: 'aborted',
        errorCode: 'aborted',
        errorMessage: 'The consumer stopped reading the stream before it finished.',
        httpStatus: null,
      };
}
