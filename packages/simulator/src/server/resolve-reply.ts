import { rulePolicy } from '../policy/rule-policy.js';
import type { ChatRequestBody, Turn, UsageOverride } from '../types.js';
import { defaultErrorBody } from '../wire/error-bodies.js';
import { estimateCompletionTokens, estimatePromptTokens } from '../wire/estimate-tokens.js';
import type { Reply, ReplyToolCall, Usage } from '../wire/reply.js';

function usageFor(
  override: UsageOverride | undefined,
  request: ChatRequestBody,
  text: string | null,
  toolCalls: ReplyToolCall[],
): Usage | null {
  if (override === null) return null;
  return {
    promptTokens: override?.prompt_tokens ?? estimatePromptTokens(request.messages),
    completionTokens: override?.completion_tokens ?? estimateCompletionTokens(text, toolCalls),
    cachedTokens: override?.cached_tokens ?? 0,
  };
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
): Reply {
  let resolved = turn;
  // A computed turn may return another computed turn; a bound keeps a buggy script from looping forever.
  for (let depth = 0; typeof resolved === 'function' && depth < 16; depth++) resolved = resolved(request);
  if (typeof resolved === 'function')
    throw new Error('A computed turn returned functions 16 times in a row.');

  const legacyFunctionCall = !Array.isArray(request.tools) && Array.isArray(request.functions);
  const toolFinish = legacyFunctionCall ? 'function_call' : 'tool_calls';

  if (resolved === undefined) {
    const answer = rulePolicy(request);
    const toolCalls = answer.toolCalls.map((call, i) => ({ id: `call_sim_${sequence}_${i}`, ...call }));
    return {
      kind: 'message',
      text: answer.text,
      toolCalls,
      finishReason: toolCalls.length > 0 ? toolFinish : answer.finishReason,
      legacyFunctionCall,
      usage: usageFor(undefined, request, answer.text, toolCalls),
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
      usage: usageFor(resolved.usage, request, text, toolCalls),
      delayMs: resolved.delayMs ?? 0,
    };
  }
  return {
    kind: 'message',
    text: resolved.text,
    toolCalls: [],
    finishReason: resolved.finishReason ?? 'stop',
    legacyFunctionCall,
    usage: usageFor(resolved.usage, request, resolved.text, []),
    delayMs: resolved.delayMs ?? 0,
  };
}
