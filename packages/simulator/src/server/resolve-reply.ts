import { InvalidOptionError } from '@toolloop/core';
import { rulePolicy } from '../policy/rule-policy.js';
import { strictSchemaProblem } from '../policy/strict-schema-problem.js';
import type { ChatRequestBody, Turn, UsageOverride } from '../types.js';
import { completionTokens, promptTokens } from '../wire/count-usage.js';
import { defaultErrorBody, errorBody } from '../wire/error-bodies.js';
import type { Reply, ReplyToolCall, Usage } from '../wire/reply.js';
import { encodingFor, loadedTokenizer, type Tokenizer } from '../wire/tokenizer.js';

/** The model a request names, else the simulator's default; its encoding counts the usage. */
export function requestModel(request: ChatRequestBody, fallback: string): string {
  return typeof request.model === 'string' && request.model !== '' ? request.model : fallback;
}

function tokenizerFor(model: string): Tokenizer {
  const tokenizer = loadedTokenizer(encodingFor(model));
  // The server loads the encoding before it hands a request here (start-simulator.ts).
  if (!tokenizer) {
    throw new InvalidOptionError({
      option: 'model',
      message: `The ${encodingFor(model)} tokenizer for model "${model}" is not loaded yet. Serve requests through startSimulator(), which loads it before listening.`,
    });
  }
  return tokenizer;
}

/** Usage as OpenAI reports it: real token counts of the request and the reply (a turn may force its own). */
function usageFor(
  override: UsageOverride | undefined,
  request: ChatRequestBody,
  model: string,
  reply: { text: string | null; toolCalls: ReplyToolCall[]; finishReason: string },
): Usage | null {
  if (override === null) return null;
  const tokenizer = tokenizerFor(model);
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  // A reply cut at max_tokens used all of them (the API reports max_tokens), even if its last
  // character had to be dropped to keep the text whole.
  const generated =
    reply.finishReason === 'length' && typeof maxTokens === 'number' && maxTokens > 0
      ? maxTokens
      : completionTokens(reply.text, reply.toolCalls, tokenizer);
  return {
    promptTokens: override?.prompt_tokens ?? promptTokens(request, tokenizer, model),
    completionTokens: override?.completion_tokens ?? generated,
    cachedTokens: override?.cached_tokens ?? 0,
  };
}

/**
 * OpenAI's 400 for a strict `json_schema` response format whose schema strict mode rejects; checked
 * before any turn, as the real API does.
 */
function responseFormatProblem(request: ChatRequestBody): unknown {
  const format = request.response_format as
    | { type?: string; json_schema?: { name?: string; schema?: unknown; strict?: boolean } }
    | undefined
    | null;
  if (format?.type !== 'json_schema' || format.json_schema?.strict !== true) return undefined;
  const problem = strictSchemaProblem(format.json_schema.schema);
  if (!problem) return undefined;
  return errorBody(
    `Invalid schema for response_format '${format.json_schema.name ?? ''}': ${problem}`,
    'invalid_request_error',
    null,
    'response_format',
  );
}

/**
 * Turns a scripted turn (or, when there is none, the rule-based policy) into the reply to send.
 * `sequence` numbers the request: tool-call ids are `call_sim_<sequence>_<i>` (a string when the
 * reply is rendered as a template with a mark in its place).
 */
export function resolveReply(
  turn: Turn | undefined,
  request: ChatRequestBody,
  sequence: number | string,
  requestId: string,
  model: string,
): Reply {
  const formatProblem = responseFormatProblem(request);
  if (formatProblem) return { kind: 'error', status: 400, body: formatProblem, headers: {} };
  let resolved = turn;
  // A computed turn may return another computed turn; a bound keeps a buggy script from looping forever.
  for (let depth = 0; typeof resolved === 'function' && depth < 16; depth++) resolved = resolved(request);
  if (typeof resolved === 'function')
    throw new InvalidOptionError({
      option: 'turns',
      message:
        'A computed turn returned functions 16 times in a row. Make a computed turn return a turn object.',
    });

  const legacyFunctionCall = !Array.isArray(request.tools) && Array.isArray(request.functions);
  const toolFinish = legacyFunctionCall ? 'function_call' : 'tool_calls';

  if (resolved === undefined) {
    const answer = rulePolicy(request, tokenizerFor(model));
    const toolCalls = answer.toolCalls.map((call, i) => ({ id: `call_sim_${sequence}_${i}`, ...call }));
    const finishReason = toolCalls.length > 0 ? toolFinish : answer.finishReason;
    return {
      kind: 'message',
      text: answer.text,
      toolCalls,
      finishReason,
      legacyFunctionCall,
      usage: usageFor(undefined, request, model, { text: answer.text, toolCalls, finishReason }),
      delayMs: 0,
    };
  }
  if ('error' in resolved) {
    return {
      kind: 'error',
      status: resolved.error.status,
      body: resolved.error.body ?? defaultErrorBody(resolved.error.status, requestId),
      headers: resolved.error.headers ?? {},
    };
  }
  if ('toolCalls' in resolved) {
    const toolCalls = resolved.toolCalls.map((call, i) => ({
      id: call.id ?? `call_sim_${sequence}_${i}`,
      name: call.name,
      arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
    }));
    const text = resolved.text ?? null;
    return {
      kind: 'message',
      text,
      toolCalls,
      finishReason: toolFinish,
      legacyFunctionCall,
      usage: usageFor(resolved.usage, request, model, { text, toolCalls, finishReason: toolFinish }),
      delayMs: resolved.delayMs ?? 0,
    };
  }
  return {
    kind: 'message',
    text: resolved.text,
    toolCalls: [],
    finishReason: resolved.finishReason ?? 'stop',
    legacyFunctionCall,
    usage: usageFor(resolved.usage, request, model, {
      text: resolved.text,
      toolCalls: [],
      finishReason: resolved.finishReason ?? 'stop',
    }),
    delayMs: resolved.delayMs ?? 0,
  };
}
