import { type MessageReply, type ResponseMeta, SYSTEM_FINGERPRINT, usageJson } from './reply.js';
import { splitText } from './split-text.js';

export const DONE_EVENT = 'data: [DONE]\n\n';

export interface StreamEventsOptions {
  chunkChars: number;
  includeUsage: boolean;
}

/**
 * The SSE events of one streamed answer, each a complete `data: …\n\n` string, ending with
 * `data: [DONE]`. Shaped like wire-fixtures/openai-text-with-usage.sse.txt and
 * openai-tool-call(-parallel).sse.txt. The chunk envelope is serialised once and only each delta
 * is stringified, so a 20,000-delta stream costs one small JSON.stringify per delta.
 */
export function streamEvents(
  reply: MessageReply,
  meta: ResponseMeta,
  options: StreamEventsOptions,
): string[] {
  const head =
    `data: {"id":${JSON.stringify(meta.id)},"object":"chat.completion.chunk","created":${meta.created},` +
    `"model":${JSON.stringify(meta.model)},"system_fingerprint":"${SYSTEM_FINGERPRINT}","choices":`;
  const open = `${head}[{"index":0,"delta":`;
  const close = ',"logprobs":null,"finish_reason":null}]}\n\n';
  const events: string[] = [];
  const text = reply.text ?? '';
  const hasCalls = reply.toolCalls.length > 0;

  if (text.length > 0 || !hasCalls) {
    events.push(`${open}{"role":"assistant","content":"","refusal":null}${close}`);
    for (const piece of splitText(text, options.chunkChars)) {
      events.push(`${open}{"content":${JSON.stringify(piece)}}${close}`);
    }
  } else {
    events.push(`${open}{"role":"assistant","content":null}${close}`);
  }

  if (reply.legacyFunctionCall) {
    const call = reply.toolCalls[0];
    if (call) {
      events.push(`${open}{"function_call":{"name":${JSON.stringify(call.name)},"arguments":""}}${close}`);
      for (const piece of splitText(call.arguments, options.chunkChars)) {
        events.push(`${open}{"function_call":{"arguments":${JSON.stringify(piece)}}}${close}`);
      }
    }
  } else {
    reply.toolCalls.forEach((call, index) => {
      events.push(
        `${open}{"tool_calls":[{"index":${index},"id":${JSON.stringify(call.id)},"type":"function",` +
          `"function":{"name":${JSON.stringify(call.name)},"arguments":""}}]}${close}`,
      );
      for (const piece of splitText(call.arguments, options.chunkChars)) {
        events.push(
          `${open}{"tool_calls":[{"index":${index},"function":{"arguments":${JSON.stringify(piece)}}}]}${close}`,
        );
      }
    });
  }

  events.push(`${open}{},"logprobs":null,"finish_reason":"${reply.finishReason}"}]}\n\n`);
  if (options.includeUsage && reply.usage) {
    events.push(`${head}[],"usage":${JSON.stringify(usageJson(reply.usage))}}\n\n`);
  }
  events.push(DONE_EVENT);
  return events;
}
