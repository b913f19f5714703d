import type { FinishReason } from '@toolloop/core';

/**
 * Chat Completions `finish_reason` → neutral FinishReason. Tool calls win over `stop`: some servers
 * (Ollama, vLLM templates) answer `stop` next to the tool calls they made.
 */
export function mapFinishReason(raw: string | null | undefined, hasToolCalls: boolean): FinishReason {
  if (hasToolCalls && (raw === 'stop' || raw === 'tool_calls' || raw === 'function_call' || raw == null)) {
    return 'tool-calls';
  }
  switch (raw) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case 'content_filter':
      return 'content-filter';
    case 'error':
      return 'error';
    default:
      return 'other';
  }
}
