import { messageText } from '../policy/request-text.js';
import type { ChatMessage } from '../types.js';

/** ceil(chars / 4) over message text + 10 per message + 85 per image part (OpenAI's low-detail cost). */
export function estimatePromptTokens(messages: ChatMessage[]): number {
  let chars = 0;
  let extra = 0;
  for (const message of messages) {
    chars += messageText(message).length;
    extra += 10;
    if (Array.isArray(message.content)) {
      for (const part of message.content) if (part?.type === 'image_url') extra += 85;
    }
    for (const call of message.tool_calls ?? [])
      chars += call.function.name.length + call.function.arguments.length;
  }
  return Math.ceil(chars / 4) + extra;
}

/** ceil(chars / 4) of the output text and tool calls' names and arguments. */
export function estimateCompletionTokens(
  text: string | null,
  toolCalls: Array<{ name: string; arguments: string }>,
): number {
  let chars = text?.length ?? 0;
  for (const call of toolCalls) chars += call.name.length + call.arguments.length;
  return Math.ceil(chars / 4);
}
