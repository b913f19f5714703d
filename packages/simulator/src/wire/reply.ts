/** Token usage as OpenAI reports it, before serialisation. */
export interface Usage {
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
}

/** A tool call ready for the wire: arguments already a JSON string. */
export interface ReplyToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** A successful assistant answer, normalised from a scripted turn or the policy. */
export interface MessageReply {
  kind: 'message';
  text: string | null;
  toolCalls: ReplyToolCall[];
  finishReason: 'stop' | 'length' | 'content_filter' | 'tool_calls' | 'function_call';
  /** Answer tool calls as legacy `function_call` (the request sent `functions`, not `tools`). */
  legacyFunctionCall: boolean;
  usage: Usage | null;
  delayMs: number;
}

/** An HTTP error answer. */
export interface ErrorReply {
  kind: 'error';
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export type Reply = MessageReply | ErrorReply;

/** What every chunk/body of one response shares. */
export interface ResponseMeta {
  id: string;
  created: number;
  model: string;
}

export const SYSTEM_FINGERPRINT = 'fp_simulator';

export function usageJson(usage: Usage): Record<string, unknown> {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}
