import { StreamInterruptedError, StreamParseError, type StreamPart, type Usage } from '@toolloop/core';
// Shared with generate(): one mapping of finish reasons and usage for both paths.
import { mapFinishReason } from '../response/map-finish-reason.js';
import { mapUsage } from '../response/map-usage.js';
import type { WireUsage } from '../response/wire-response.js';
import type { SSEEvent } from '../sse/sse-decoder.js';
import { inStreamError } from './in-stream-error.js';
import { ToolCallAssembler } from './tool-call-assembler.js';

/** Turns the SSE events of a Chat Completions stream into core StreamParts. Pure: no I/O. */
export interface StreamAssembler {
  /**
   * Parts to yield for this event, appended to `parts` when given (no array per event on the hot
   * path), else to a new array; returns that array. Throws APICallError for an in-stream error,
   * StreamParseError for bad JSON.
   */
  push(event: SSEEvent, parts?: StreamPart[]): StreamPart[];
  /** At end of body: the remaining parts; throws StreamInterruptedError (with partialText) if incomplete. */
  end(): StreamPart[];
  /** True once `data: [DONE]` arrived. */
  readonly done: boolean;
  /** The text (choice 0) so far. */
  readonly text: string;
}

const EXCERPT_CHARS = 120;
const excerpt = (text: string): string =>
  text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text;
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

function textOfParts(parts: unknown[]): string {
  let text = '';
  for (const part of parts) if (isObject(part) && typeof part.text === 'string') text += part.text;
  return text;
}

/**
 * Creates the per-response state machine behind `model.stream()`. Text, reasoning and refusal deltas
 * pass straight through; tool calls are assembled and emitted whole once the finish chunk (or the
 * end) proves their arguments complete; `finish` comes last so usage sent after it can join it.
 * Legacy `delta.function_call` deltas (the `compat.functions` dialect) are recognised as one tool call.
 *
 * @example
 * const assembler = createStreamAssembler();
 * const decoder = createSSEDecoder({ onEvent: (event) => assembler.push(event, parts) });
 * for await (const chunk of body) decoder.feed(chunk);
 * decoder.end();
 * parts.push(...assembler.end());
 */
export function createStreamAssembler(): StreamAssembler {
  const toolCalls = new ToolCallAssembler();
  let text = '';
  let done = false;
  let finished = false;
  let metadataSent = false;
  let sawFinishReason = false;
  let rawFinishReason: string | undefined;
  let usage: Usage | undefined;

  function pushFinish(parts: StreamPart[]): void {
    toolCalls.flush(parts);
    finished = true;
    const finish: Extract<StreamPart, { type: 'finish' }> = {
      type: 'finish',
      finishReason: mapFinishReason(rawFinishReason, toolCalls.size > 0),
    };
    if (rawFinishReason !== undefined) finish.rawFinishReason = rawFinishReason;
    if (usage) finish.usage = usage;
    parts.push(finish);
  }

  function pushChoice(choice: Record<string, unknown>, parts: StreamPart[]): void {
    const delta = choice.delta;
    if (isObject(delta)) {
      // `reasoning_content` (DeepSeek, vLLM) and `reasoning` (OpenRouter, Groq) are not in OpenAI's schema.
      const reasoning =
        typeof delta.reasoning_content === 'string' ? delta.reasoning_content : delta.reasoning;
      if (typeof reasoning === 'string' && reasoning !== '')
        parts.push({ type: 'reasoning-delta', delta: reasoning });
      const refusal = delta.refusal;
      if (typeof refusal === 'string' && refusal !== '')
        parts.push({ type: 'refusal-delta', delta: refusal });
      // A string per the spec; some servers send an array of `{ type: 'text', text }` parts.
      const content = Array.isArray(delta.content) ? textOfParts(delta.content) : delta.content;
      if (typeof content === 'string' && content !== '') {
        text += content;
        parts.push({ type: 'text-delta', delta: content });
      }
      const calls = delta.tool_calls;
      if (Array.isArray(calls)) for (const call of calls) toolCalls.add(call, parts);
      if (isObject(delta.function_call)) toolCalls.addLegacy(delta.function_call, parts);
    }
    const reason = choice.finish_reason;
    if (typeof reason === 'string' && reason !== '') {
      sawFinishReason = true;
      rawFinishReason = reason;
      // The finish chunk proves every call's arguments complete; `finish` itself waits for usage.
      toolCalls.flush(parts);
    }
  }

  function parse(event: SSEEvent): Record<string, unknown> | undefined {
    const data = event.data;
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch (cause) {
      if (event.event === 'error') throw inStreamError({ error: data, data });
      if (data.trim() === '') return undefined; // an empty `data:` keep-alive
      throw new StreamParseError({
        message: `A stream event's data is not valid JSON: ${JSON.stringify(excerpt(data))}. Expected a chat.completion.chunk object or [DONE].`,
        cause,
      });
    }
    if (!isObject(chunk) || Array.isArray(chunk)) {
      if (event.event === 'error') throw inStreamError({ error: chunk, data });
      throw new StreamParseError({
        message: `A stream event's data is JSON but not an object: ${JSON.stringify(excerpt(data))}. Expected a chat.completion.chunk object or [DONE].`,
      });
    }
    return chunk;
  }

  return {
    get done() {
      return done;
    },
    get text() {
      return text;
    },

    push(event: SSEEvent, parts: StreamPart[] = []): StreamPart[] {
      if (done) return parts;
      if (event.data === '[DONE]') {
        done = true;
        if (!finished) pushFinish(parts);
        return parts;
      }
      const chunk = parse(event);
      if (!chunk) return parts;
      // An error inside a 200 stream must surface as an error, never as a finished answer.
      if ((chunk.error !== undefined && chunk.error !== null) || event.event === 'error') {
        throw inStreamError({ error: chunk.error ?? chunk, data: event.data });
      }

      if (!metadataSent) {
        // Azure's first chunk has `choices: []` with empty id and model: wait for real values.
        const id = typeof chunk.id === 'string' && chunk.id !== '' ? chunk.id : undefined;
        const modelId = typeof chunk.model === 'string' && chunk.model !== '' ? chunk.model : undefined;
        if (id !== undefined || modelId !== undefined) {
          metadataSent = true;
          const metadata: Extract<StreamPart, { type: 'response-metadata' }> = { type: 'response-metadata' };
          if (id !== undefined) metadata.id = id;
          if (modelId !== undefined) metadata.modelId = modelId;
          parts.push(metadata);
        }
      }

      // Usage can come on a `choices: []` chunk, on the finish chunk (llama.cpp, Groq, Mistral) or as
      // `usage: null` on every chunk (DeepSeek). Groq repeats it in `x_groq.usage`: read that only alone.
      if (isObject(chunk.usage)) usage = mapUsage(chunk.usage as WireUsage);
      else if (isObject(chunk.x_groq) && isObject(chunk.x_groq.usage))
        usage = mapUsage(chunk.x_groq.usage as WireUsage);

      const choices = chunk.choices;
      if (Array.isArray(choices)) {
        for (const choice of choices) {
          // With n > 1 only the first choice is the answer; the others are ignored.
          if (isObject(choice) && (choice.index === undefined || choice.index === 0)) {
            pushChoice(choice, parts);
            break;
          }
        }
      }
      return parts;
    },

    end(): StreamPart[] {
      if (finished) return [];
      if (sawFinishReason) {
        // No [DONE], but the server gave a finish reason (Ollama, Groq, Mistral captures): complete.
        const parts: StreamPart[] = [];
        pushFinish(parts);
        return parts;
      }
      throw new StreamInterruptedError({
        message:
          `The stream ended before the server finished the answer (no finish_reason and no [DONE]); ` +
          `${text.length} characters of text had arrived. The connection was probably cut; retry the request.`,
        partialText: text,
      });
    },
  };
}
