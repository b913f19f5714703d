import type { ModelResponse, ToolCall } from '@toolloop/core';
import { mapFinishReason } from './map-finish-reason.js';
import { mapUsage } from './map-usage.js';
import type { WireChatCompletion } from './wire-response.js';

/** Options of {@link mapResponse}. */
export interface MapResponseOptions {
  body: WireChatCompletion;
  /** Response headers to expose as `response.headers` (already cleaned of credentials). */
  headers?: Record<string, string>;
}

/** `message.content`: a string, or (some servers) an array of `{type:'text', text}` parts. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) {
    if (typeof part === 'string') text += part;
    else if (typeof part === 'object' && part !== null && typeof part.text === 'string') text += part.text;
  }
  return text;
}

/** Arguments as the raw JSON string the loop parses; some local servers send the object itself. */
function argumentsOf(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'object' && raw !== null) return JSON.stringify(raw);
  return '';
}

/** Thrown for a completion whose shape no server should send; the caller wraps it in an APICallError. */
export class MalformedCompletion extends TypeError {}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A tool call as sent must be an object whose `function.name` is a string (arguments: text or object). */
interface CheckedToolCall {
  id?: string | null;
  function: { name: string; arguments?: unknown };
}

function checkToolCall(call: unknown, where: string): CheckedToolCall {
  if (!isObject(call)) throw new MalformedCompletion(`${where} is ${describe(call)}, not a tool call object`);
  const fn = call.function;
  if (!isObject(fn)) throw new MalformedCompletion(`${where}.function is ${describe(fn)}, not an object`);
  if (typeof fn.name !== 'string')
    throw new MalformedCompletion(`${where}.function.name is ${describe(fn.name)}, not a string`);
  if (
    fn.arguments !== undefined &&
    fn.arguments !== null &&
    typeof fn.arguments !== 'string' &&
    !isObject(fn.arguments)
  ) {
    throw new MalformedCompletion(`${where}.function.arguments is ${describe(fn.arguments)}, not JSON text`);
  }
  if (call.id !== undefined && call.id !== null && typeof call.id !== 'string') {
    throw new MalformedCompletion(`${where}.id is ${describe(call.id)}, not a string`);
  }
  return call as unknown as CheckedToolCall;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`;
}

function mapToolCalls(calls: unknown): ToolCall[] {
  if (!Array.isArray(calls))
    throw new MalformedCompletion(`message.tool_calls is ${describe(calls)}, not an array`);
  const out: ToolCall[] = [];
  for (let i = 0; i < calls.length; i++) {
    const call = checkToolCall(calls[i], `message.tool_calls[${i}]`);
    // `index` in a non-stream message (Ollama) means nothing; array order is the order.
    out.push({
      // Gemini's compatible endpoint sends id "": the loop needs a unique id to pair results.
      toolCallId: call.id ? call.id : `call_${i}`,
      toolName: call.function.name,
      arguments: argumentsOf(call.function.arguments),
    });
  }
  return out;
}

/** A non-streamed Chat Completions body → neutral ModelResponse (first choice). */
export function mapResponse(options: MapResponseOptions): ModelResponse {
  const { body, headers } = options;
  const choice = body.choices?.[0];
  const message = choice?.message;
  let toolCalls: ToolCall[] = [];
  if (message !== undefined && message !== null && !isObject(message)) {
    throw new MalformedCompletion(`choices[0].message is ${describe(message)}, not an object`);
  }
  if (message?.tool_calls !== undefined && message.tool_calls !== null) {
    toolCalls = mapToolCalls(message.tool_calls);
  }
  if (toolCalls.length === 0 && message?.function_call) {
    const call = checkToolCall({ function: message.function_call }, 'message.function_call');
    toolCalls = [
      { toolCallId: 'call_0', toolName: call.function.name, arguments: argumentsOf(call.function.arguments) },
    ];
  }
  const rawFinishReason = choice?.finish_reason ?? undefined;
  const response: ModelResponse = {
    text: textOf(message?.content),
    toolCalls,
    finishReason: mapFinishReason(rawFinishReason, toolCalls.length > 0),
  };
  if (rawFinishReason !== undefined) response.rawFinishReason = rawFinishReason;
  const usage = mapUsage(body.usage);
  if (usage) response.usage = usage;
  const reasoning = message?.reasoning_content ?? message?.reasoning;
  if (typeof reasoning === 'string' && reasoning !== '') response.reasoning = reasoning;
  if (typeof message?.refusal === 'string' && message.refusal !== '') response.refusal = message.refusal;
  const metadata: NonNullable<ModelResponse['response']> = {};
  if (body.id !== undefined) metadata.id = body.id;
  if (body.model !== undefined) metadata.modelId = body.model;
  if (headers) metadata.headers = headers;
  response.response = metadata;
  return response;
}
