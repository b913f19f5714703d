/** The subset of the Chat Completions request body toolloop sends. */

/** One part of a multi-part user message on the wire; images go as `image_url` (an https: or data: URL). */
export type WireContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string; detail?: 'auto' | 'low' | 'high' } };

/** A tool call in an assistant message we send back; `arguments` is the raw JSON text. */
export interface WireToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** A chat message on the wire; `function` and `function_call` are the legacy functions dialect (`compat.functions`). */
export type WireMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | WireContentPart[] }
  | {
      role: 'assistant';
      content: string | null;
      tool_calls?: WireToolCall[];
      function_call?: { name: string; arguments: string };
    }
  | { role: 'tool'; tool_call_id: string; content: string }
  | { role: 'function'; name: string; content: string };

/** A function definition, as an element of `functions` or wrapped in `tools`. */
export interface WireFunction {
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
  strict?: boolean;
}

/** The `tool_choice` request field. */
export type WireToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };

/** The legacy `function_call` request field, used instead of `tool_choice` with `compat.functions`. */
export type WireFunctionCallChoice = 'auto' | 'none' | { name: string };

/** The `response_format` request field: a JSON Schema (structured outputs) or JSON mode. */
export type WireResponseFormat =
  | {
      type: 'json_schema';
      json_schema: { name: string; description?: string; schema: Record<string, unknown>; strict: boolean };
    }
  | { type: 'json_object' };

/** The request body toolloop POSTs to `/chat/completions`. */
export interface WireRequestBody {
  model: string;
  messages: WireMessage[];
  tools?: Array<{ type: 'function'; function: WireFunction }>;
  tool_choice?: WireToolChoice;
  /** Legacy dialect only: sent instead of `tools`. */
  functions?: WireFunction[];
  /** Legacy dialect only: sent instead of `tool_choice`. */
  function_call?: WireFunctionCallChoice;
  max_tokens?: number;
  /** Sent instead of `max_tokens` for OpenAI reasoning models, or with `compat.maxTokensField` (see OpenAICompatOptions). */
  max_completion_tokens?: number;
  temperature?: number;
  top_p?: number;
  stop?: string | string[];
  seed?: number;
  presence_penalty?: number;
  frequency_penalty?: number;
  parallel_tool_calls?: boolean;
  user?: string;
  response_format?: WireResponseFormat;
  stream?: boolean;
  /** Sent when streaming, so the last chunk carries usage. */
  stream_options?: { include_usage: boolean };
  /** Provider-specific fields from the `extraBody` option, merged in last. */
  [extra: string]: unknown;
}
