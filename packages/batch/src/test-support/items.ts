import type { ChatRequestBody, Turn } from '@toolloop/simulator';
import type { BatchItem } from '../input/batch-item.js';

/** `count` items `item-0…` whose prompts are `prompt item-<i>`. */
export function itemsOf(count: number): BatchItem[] {
  return Array.from({ length: count }, (_, i) => ({ custom_id: `item-${i}`, input: `prompt item-${i}` }));
}

/** The last user message of a chat request body. */
export function lastPrompt(request: ChatRequestBody): string {
  const messages = (request.messages ?? []) as { role: string; content: unknown }[];
  const user = messages.filter((m) => m.role === 'user').at(-1);
  return typeof user?.content === 'string' ? user.content : '';
}

/** A computed turn answering `echo: <prompt>`, or 400 for prompts containing "fail". */
export const echoTurn =
  (delayMs = 0): Turn =>
  (request) => {
    const prompt = lastPrompt(request);
    if (prompt.includes('fail')) return { error: { status: 400 } };
    return { text: `echo: ${prompt}`, delayMs };
  };
