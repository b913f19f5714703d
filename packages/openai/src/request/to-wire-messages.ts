import type { Message, UserContentPart } from '@toolloop/core';
import type { WireContentPart, WireMessage } from './wire-types.js';

/** Options of {@link toWireMessages}. */
export interface ToWireMessagesOptions {
  messages: readonly Message[];
  /** Legacy dialect: assistant `function_call` (first call only) and `role: 'function'` results. */
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
  const out: WireMessage[] = new Array(messages.length);
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i] as Message;
    switch (message.role) {
      case 'system':
        out[i] = { role: 'system', content: message.content };
        break;
      case 'user':
        out[i] = {
          role: 'user',
          content: typeof message.content === 'string' ? message.content : message.content.map(toWirePart),
        };
        break;
      case 'assistant': {
        const calls = message.toolCalls;
        if (!calls || calls.length === 0) {
          out[i] = { role: 'assistant', content: message.content };
        } else if (legacyFunctions) {
          const first = calls[0]!;
          out[i] = {
            role: 'assistant',
            content: message.content === '' ? null : message.content,
            function_call: { name: first.name, arguments: first.arguments },
          };
        } else {
          out[i] = {
            role: 'assistant',
            // OpenAI wants null, not '', next to tool calls; some servers reject the empty string.
            content: message.content === '' ? null : message.content,
            tool_calls: calls.map((call) => ({
              id: call.id,
              type: 'function' as const,
              function: { name: call.name, arguments: call.arguments },
            })),
          };
        }
        break;
      }
      case 'tool':
        out[i] = legacyFunctions
          ? { role: 'function', name: message.toolName, content: message.content }
          : { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
        break;
    }
  }
  return out;
}
