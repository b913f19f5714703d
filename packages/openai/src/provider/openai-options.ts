import type { StructuredOutputStrategy } from '@toolloop/core';
import type { Dispatcher } from 'undici';

/** Switches for servers that speak an older or different dialect of Chat Completions. */
export interface OpenAICompatOptions {
  /**
   * Speak the legacy `functions` / `function_call` fields instead of `tools` / `tool_calls`
   * (servers and models from before tool calling, as in the seed guide). Default `false`.
   */
  functions?: boolean;
  /**
   * Which body field carries `settings.maxTokens`. OpenAI's reasoning models accept only
   * `max_completion_tokens`; most other servers know only `max_tokens`. Default `'max_tokens'`.
   */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
  /**
   * How this endpoint can give a typed answer: `json-schema` (`response_format: json_schema`, the
   * default; OpenAI, recent vLLM/Ollama/llama.cpp), `tool` (a final-answer function, for servers
   * with tools but no json_schema) or `json` (`json_object` mode, validated client-side).
   */
  structuredOutput?: StructuredOutputStrategy;
}

/** Options of {@link openai}. Every field is optional. */
export interface OpenAIOptions {
  /** API root, e.g. `http://localhost:11434/v1`. Default: `OPENAI_BASE_URL`, else `https://api.openai.com/v1`. */
  baseURL?: string;
  /** Bearer key. Default: `OPENAI_API_KEY`. May be absent for local servers (Ollama, vLLM, llama.cpp). */
  apiKey?: string;
  /** Sent as `OpenAI-Organization`. */
  organization?: string;
  /** Sent as `OpenAI-Project`. */
  project?: string;
  /** Extra headers on every request (a call's own `headers` win over these). */
  headers?: Record<string, string>;
  /** undici Dispatcher (Agent, Pool, ProxyAgent, MockAgent…). Default: a shared keep-alive Agent. */
  dispatcher?: Dispatcher;
  /** Dialect switches for servers that differ from OpenAI (legacy functions, the max-tokens field). */
  compat?: OpenAICompatOptions;
  /** Extra body fields merged into every request last (provider-specific parameters). */
  extraBody?: Record<string, unknown>;
  /** Streams: the longest wait for the first body byte, from the start of the request. Default 60 000. */
  firstChunkTimeoutMs?: number;
  /** Streams: the longest gap between two body chunks. Default 60 000. */
  idleTimeoutMs?: number;
  /** Streams: the largest single SSE event accepted. Default 16 MiB. */
  maxEventBytes?: number;
  /**
   * The largest non-streamed response body read (and a JSON body answering a stream request).
   * Default 32 MiB: a completion is a few KB, so anything near it is a broken or hostile server.
   * Over it, the call fails with an APICallError naming this option; the body is not read further.
   */
  maxResponseBytes?: number;
}
