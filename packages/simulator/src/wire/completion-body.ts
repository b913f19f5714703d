import { type MessageReply, type ResponseMeta, SYSTEM_FINGERPRINT, usageJson } from './reply.js';

/** The non-streamed `chat.completion` body, shaped like wire-fixtures/openai-text.json. */
export function completionBody(reply: MessageReply, meta: ResponseMeta): string {
  const message: Record<string, unknown> = { role: 'assistant', content: reply.text };
  const first = reply.toolCalls[0];
  if (reply.legacyFunctionCall && first) {
    message.function_call = { name: first.name, arguments: first.arguments };
  } else if (reply.toolCalls.length > 0) {
    message.tool_calls = reply.toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  message.refusal = null;
  message.annotations = [];
  const body: Record<string, unknown> = {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: reply.finishReason }],
  };
  if (reply.usage) body.usage = usageJson(reply.usage);
  body.service_tier = 'default';
  body.system_fingerprint = SYSTEM_FINGERPRINT;
  return JSON.stringify(body);
}
