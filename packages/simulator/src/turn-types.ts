/**
 * Token counts a turn can force. `null` omits `usage` from the response entirely (the usage chunk
 * too), like servers that never report it.
 */
export type UsageOverride = {
  prompt_tokens?: number;
  completion_tokens?: number;
  cached_tokens?: number;
} | null;

/** One tool call a scripted turn asks for. `arguments` given as an object is serialised with JSON.stringify. */
export interface ScriptedToolCall {
  name: string;
  arguments: string | Record<string, unknown>;
  id?: string;
}

/** A text answer. `delayMs` waits before the response starts. */
export interface TextTurn {
  text: string;
  usage?: UsageOverride;
  finishReason?: 'stop' | 'length' | 'content_filter';
  delayMs?: number;
}

/** A tool-call answer, optionally with text before the calls. */
export interface ToolCallsTurn {
  toolCalls: ScriptedToolCall[];
  text?: string;
  usage?: UsageOverride;
  delayMs?: number;
}

/** An HTTP error answer. `body` defaults to an OpenAI-shaped error for the status. */
export interface ErrorTurn {
  error: { status: number; body?: unknown; headers?: Record<string, string> };
}

/**
 * What the simulator answers to one chat-completions request. A function computes the turn from
 * the parsed request body.
 *
 * @example sim.script({ text: 'hi' }, { toolCalls: [{ name: 'get_weather', arguments: { city: '서울' } }] });
 */
export type Turn = TextTurn | ToolCallsTurn | ErrorTurn | ((request: ChatRequestBody) => Turn);

/** A chat-completions request body as the simulator reads it (loosely typed: clients send anything). */
export interface ChatRequestBody {
  model?: string;
  messages: ChatMessage[];
  tools?: Array<{ type?: string; function: FunctionDefinition }>;
  functions?: FunctionDefinition[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean } | null;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  [key: string]: unknown;
}

/** A function/tool definition as sent in `tools[].function` or legacy `functions[]`. */
export interface FunctionDefinition {
  name: string;
  description?: string;
  parameters?: JsonSchema;
}

/** The subset of JSON Schema the policy reads to fill arguments. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  description?: string;
  default?: unknown;
  [key: string]: unknown;
}

/** One message of a request. */
export interface ChatMessage {
  role: string;
  content?: string | ContentPart[] | null;
  name?: string;
  tool_call_id?: string;
  tool_calls?: Array<{ id: string; type?: string; function: { name: string; arguments: string } }>;
  function_call?: { name: string; arguments: string };
}

/** A content part of a message. */
export interface ContentPart {
  type: string;
  text?: string;
  image_url?: { url: string; detail?: string } | string;
}
