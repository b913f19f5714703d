import type { ModelResponse, ToolCall } from '@toolloop/core';
import { mapFinishReason } from './map-finish-reason.js';
import { mapUsage } from './map-usage.js';
import type { WireChatCompletion, WireResponseToolCall } from './wire-response.js';

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

function mapToolCalls(calls: WireResponseToolCall[]): ToolCall[] {
  const out: ToolCall[] = [];
  for (let i = 0; i < calls.length; i++) {
    const call = calls[i]!;
    // `index` in a non-stream message (Ollama) means nothing; array order is the order.
    out.push({
      // Gemini's compatible endpoint sends id "": the loop needs a unique id to pair results.
      toolCallId: call.id ? call.id : `call_${i}`,
      toolName: call.function?.name ?? '',
      arguments: argumentsOf(call.function?.arguments),
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
  if (message?.tool_calls && message.tool_calls.length > 0) {
    toolCalls = mapToolCalls(message.tool_calls);
  } else if (message?.function_call) {
    toolCalls = [
      {
        toolCallId: 'call_0',
        toolName: message.function_call.name ?? '',
        arguments: argumentsOf(message.function_call.arguments),
      },
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
