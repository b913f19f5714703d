/** The subset of the Chat Completions request body toolloop sends. */

export type WireContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string; detail?: 'auto' | 'low' | 'high' } };

export interface WireToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

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

export interface WireFunction {
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
  strict?: boolean;
}

export type WireToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };

export type WireFunctionCallChoice = 'auto' | 'none' | { name: string };

export interface WireRequestBody {
  model: string;
  messages: WireMessage[];
  tools?: Array<{ type: 'function'; function: WireFunction }>;
  tool_choice?: WireToolChoice;
  functions?: WireFunction[];
  function_call?: WireFunctionCallChoice;
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  top_p?: number;
  stop?: string | string[];
  seed?: number;
  presence_penalty?: number;
  frequency_penalty?: number;
  parallel_tool_calls?: boolean;
  user?: string;
  stream?: boolean;
  stream_options?: { include_usage: boolean };
  [extra: string]: unknown;
}
