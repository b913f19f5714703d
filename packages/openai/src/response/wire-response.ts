/** The fields of a Chat Completions response toolloop reads; servers add and omit fields freely. */

/** The `usage` object; every count may be missing or null. */
export interface WireUsage {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  total_tokens?: number | null;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
  /** DeepSeek's name for cached input tokens. */
  prompt_cache_hit_tokens?: number | null;
}

/** A tool call in a response message or stream delta; in a stream, `index` ties fragments together. */
export interface WireResponseToolCall {
  id?: string | null;
  type?: string;
  index?: number;
  /** `arguments` is a JSON string per the spec; some local servers send the object. */
  function?: { name?: string | null; arguments?: string | Record<string, unknown> | null } | null;
}

/** The assistant message of a non-streaming choice. */
export interface WireResponseMessage {
  role?: string;
  /** A string per the spec; some servers send an array of `{ type: 'text', text }` parts. */
  content?: string | Array<{ type?: string; text?: string }> | null;
  refusal?: string | null;
  tool_calls?: WireResponseToolCall[] | null;
  function_call?: { name?: string | null; arguments?: string | Record<string, unknown> | null } | null;
  /** Non-standard: DeepSeek (`reasoning_content`), Ollama / OpenRouter / Groq (`reasoning`). */
  reasoning_content?: string | null;
  reasoning?: string | null;
}

/** A non-streaming Chat Completions response; only the first choice is read. */
export interface WireChatCompletion {
  id?: string;
  model?: string;
  choices?: Array<{
    index?: number;
    message?: WireResponseMessage | null;
    finish_reason?: string | null;
  }> | null;
  usage?: WireUsage | null;
}
