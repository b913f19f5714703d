import type { Message, ToolCall } from '../messages/message.js';

/** Token usage, normalised across providers. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  /** Input tokens served from the provider's prompt cache (billed at the cached rate). */
  cachedInputTokens?: number;
  /** Output tokens spent on hidden reasoning (already included in outputTokens). */
  reasoningTokens?: number;
}

/** A tool as the model sees it. */
export interface ToolSpec {
  name: string;
  description: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
  /** Ask the provider to enforce `parameters` exactly (OpenAI structured outputs); the schema must then be strict-compatible. */
  strict?: boolean;
}

/** Whether the model may (`auto`), must not (`none`), must (`required`) call a tool, or must call the one named. */
export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

/** Generation settings; each maps to the provider's own parameter (`maxTokens` → `max_tokens`). */
export interface ModelSettings {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stop?: string | string[];
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  /** Whether the model may call several tools in one turn (provider default when omitted). */
  parallelToolCalls?: boolean;
  /** A stable end-user id, passed on as the provider's `user`. */
  user?: string;
}

/**
 * The shape the answer must take: a JSON Schema (OpenAI `response_format: json_schema`, enforced
 * exactly when `strict`) or any JSON object (`json_object`, "JSON mode").
 */
export type ResponseFormat =
  | {
      type: 'json-schema';
      name: string;
      description?: string;
      schema: Record<string, unknown>;
      strict: boolean;
    }
  | { type: 'json' };

/**
 * How a model can be made to answer with a typed object, best first: `json-schema` (the server
 * enforces a schema), `tool` (a final-answer function the model must call), `json` (JSON mode plus
 * the schema in the prompt, validated here).
 */
export type StructuredOutputStrategy = 'json-schema' | 'tool' | 'json';

/** One model call's input: the conversation so far plus the tools and settings for this turn. */
export interface ModelRequest {
  messages: Message[];
  tools?: ToolSpec[];
  toolChoice?: ToolChoice;
  settings?: ModelSettings;
  /** Constrains the answer's format (structured output); omitted for free text. */
  responseFormat?: ResponseFormat;
}

/** Why the model stopped, normalised across providers; `length` means it hit `maxTokens` mid-answer. */
export type FinishReason = 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'error' | 'other';

/** Identifies the response as the server sent it: its id, the model that actually answered, and headers. */
export interface ResponseMetadata {
  id?: string;
  modelId?: string;
  /** Response headers (lower-cased), for rate-limit and request-id inspection. */
  headers?: Record<string, string>;
}

/**
 * Where a response came from, which decides how it is billed: `model` (a live call, the default
 * when unset), `cache` (served by a cache: costs 0, bills no usage), `batch` (a provider batch:
 * billed at batch rates).
 */
export type ResponseSource = 'model' | 'cache' | 'batch';

/** A complete model answer: text and/or tool calls, why it stopped, and usage. */
export interface ModelResponse {
  /** The assistant's text; '' when it only called tools. */
  text: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  /** The provider's own finish reason string, as sent. */
  rawFinishReason?: string;
  /** Undefined when the server sent no usage. */
  usage?: Usage;
  /** Reasoning text, when the provider exposes it (not all do). */
  reasoning?: string;
  /** The model's refusal message, when it declined to answer (OpenAI `refusal`). */
  refusal?: string;
  response?: ResponseMetadata;
  /** Where the response came from; undefined means `model`. Billing reads it (see `billResponse`). */
  source?: ResponseSource;
}

/** The parts a streaming model call yields, in order; a `finish` part ends a complete stream. */
export type StreamPart =
  | { type: 'response-metadata'; id?: string; modelId?: string; headers?: Record<string, string> }
  | { type: 'text-delta'; delta: string }
  | { type: 'reasoning-delta'; delta: string }
  | { type: 'refusal-delta'; delta: string }
  | {
      type: 'tool-call-delta';
      /** Position of the call in this response (0, 1, …), stable across its deltas. */
      index: number;
      toolCallId: string;
      toolName: string;
      argumentsDelta: string;
    }
  /** A complete tool call: emitted once its arguments have fully arrived. */
  | { type: 'tool-call'; toolCall: ToolCall }
  | {
      type: 'finish';
      finishReason: FinishReason;
      rawFinishReason?: string;
      usage?: Usage;
      /** Where the response came from; undefined means `model`. */
      source?: ResponseSource;
    };

/** Per-call options that middleware pass inward through `next(request, options)`. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Extra HTTP headers for this call. */
  headers?: Record<string, string>;
}

/**
 * A chat model behind any API. Errors are thrown (generate) or thrown from the iterator (stream);
 * a stream that ends without a `finish` part must throw StreamInterruptedError instead.
 */
export interface Model {
  /** e.g. 'openai' — part of cache keys and logs. */
  readonly provider: string;
  readonly modelId: string;
  /** Where the provider sends requests; part of cache keys. */
  readonly baseURL?: string;
  /** The best structured-output strategy this endpoint supports; `json-schema` when unset. */
  readonly structuredOutput?: StructuredOutputStrategy;
  generate(request: ModelRequest, options?: CallOptions): Promise<ModelResponse>;
  stream(request: ModelRequest, options?: CallOptions): AsyncIterable<StreamPart>;
  /**
   * Removes this model's own credentials (API key, URL password, credential headers) from text, so
   * logs and errors can be scrubbed of secrets the model holds without ever exposing them.
   */
  redact?(text: string): string;
}
