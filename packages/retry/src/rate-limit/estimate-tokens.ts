import type { Message, ModelRequest } from '@toolloop/core';

/** A flat guess per image part: OpenAI's base charge for a low-detail image. */
const IMAGE_TOKENS = 85;

/**
 * A request's token cost before it is sent: `settings.maxTokens` (the most it can produce) plus
 * a quarter of the characters of its messages (about 4 characters a token for English; Korean
 * text runs denser, which the reconciliation after the call corrects).
 */
export function estimateTokens(request: ModelRequest): number {
  let chars = 0;
  let images = 0;
  for (const message of request.messages) {
    const counted = countMessage(message);
    chars += counted.chars;
    images += counted.images;
  }
  return (request.settings?.maxTokens ?? 0) + Math.ceil(chars / 4) + images * IMAGE_TOKENS;
}

function countMessage(message: Message): { chars: number; images: number } {
  if (message.role === 'user' && typeof message.content !== 'string') {
    let chars = 0;
    let images = 0;
    for (const part of message.content) {
      if (part.type === 'text') chars += part.text.length;
      else images++;
    }
    return { chars, images };
  }
  let chars = typeof message.content === 'string' ? message.content.length : 0;
  if (message.role === 'assistant') {
    for (const call of message.toolCalls ?? []) chars += call.toolName.length + call.arguments.length;
  }
  return { chars, images: 0 };
}
