import type { Message, ToolCall, UserContentPart } from '@toolloop/core';
import type { WireContentPart, WireMessage } from './wire-types.js';

/** Options of {@link toWireMessages}. */
export interface ToWireMessagesOptions {
  messages: readonly Message[];
  /**
   * Legacy dialect: assistant `function_call` and `role: 'function'` results. An assistant turn with
   * several calls becomes one call/result pair per call.
   */
  legacyFunctions?: boolean;
}

function toBase64(data: Uint8Array | string): string {
  if (typeof data === 'string') return data;
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}

function toWirePart(part: UserContentPart): WireContentPart {
  if (part.type === 'text') return { type: 'text', text: part.text };
  let url: string;
  if ('url' in part) {
    url = part.url;
  } else if (typeof part.data === 'string' && part.data.startsWith('data:')) {
    // Already a data URL: sending it twice-wrapped would break the image.
    url = part.data;
  } else {
    url = `data:${part.mimeType};base64,${toBase64(part.data)}`;
  }
  return part.detail === undefined
    ? { type: 'image_url', image_url: { url } }
    : { type: 'image_url', image_url: { url, detail: part.detail } };
}

/** Neutral messages → Chat Completions `messages`. */
export function toWireMessages(options: ToWireMessagesOptions): WireMessage[] {
  const { messages, legacyFunctions = false } = options;
  const out: WireMessage[] = [];
  // Legacy: an assistant turn holds one function_call. Its further calls are announced each by an
  // assistant message of its own, right before its result, so every result follows its call.
  let deferred: Map<string, ToolCall> | undefined;
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i] as Message;
    switch (message.role) {
      case 'system':
        out.push({ role: 'system', content: message.content });
        break;
      case 'user':
        out.push({
          role: 'user',
          content: typeof message.content === 'string' ? message.content : message.content.map(toWirePart),
        });
        break;
      case 'assistant': {
        const calls = message.toolCalls;
        deferred = undefined;
        if (!calls || calls.length === 0) {
          out.push({ role: 'assistant', content: message.content });
        } else if (legacyFunctions) {
          const first = calls[0]!;
          out.push({
            role: 'assistant',
            content: message.content === '' ? null : message.content,
            function_call: { name: first.toolName, arguments: first.arguments },
          });
          if (calls.length > 1) deferred = new Map(calls.slice(1).map((call) => [call.toolCallId, call]));
        } else {
          out.push({
            role: 'assistant',
            // OpenAI wants null, not '', next to tool calls; some servers reject the empty string.
            content: message.content === '' ? null : message.content,
            tool_calls: calls.map((call) => ({
              id: call.toolCallId,
              type: 'function' as const,
              function: { name: call.toolName, arguments: call.arguments },
            })),
          });
        }
        break;
      }
      case 'tool': {
        if (!legacyFunctions) {
          out.push({ role: 'tool', tool_call_id: message.toolCallId, content: message.content });
          break;
        }
        const call = deferred?.get(message.toolCallId);
        if (call) {
          deferred?.delete(message.toolCallId);
          out.push({
            role: 'assistant',
            content: null,
            function_call: { name: call.toolName, arguments: call.arguments },
          });
        }
        out.push({ role: 'function', name: message.toolName, content: message.content });
        break;
      }
    }
  }
  return out;
}
