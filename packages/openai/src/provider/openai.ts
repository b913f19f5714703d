import type { CallOptions, Model, ModelRequest, ModelResponse, StreamPart } from '@toolloop/core';
import { redactSecrets, settlesOnAbort } from '@toolloop/core/internal';
import { generateChat } from '../chat/generate-chat.js';
import { streamChat } from '../chat/stream-chat.js';
import type { OpenAIOptions } from './openai-options.js';
import { resolveConfig } from './resolve-config.js';

/**
 * A Model for any OpenAI-compatible Chat Completions API (OpenAI, Azure-style gateways, Ollama,
 * vLLM, llama.cpp, LM Studio, Groq, OpenRouter…), over undici with a keep-alive agent.
 *
 * @example
 * const model = openai('gpt-4o-mini');                                          // OPENAI_API_KEY
 * const local = openai('qwen2.5:7b', { baseURL: 'http://localhost:11434/v1' }); // Ollama, no key
 */
export function openai(modelId: string, options: OpenAIOptions = {}): Model {
  const config = resolveConfig(modelId, options);
  const model: Model & { [settlesOnAbort]: true } = {
    provider: 'openai',
    modelId: config.modelId,
    baseURL: config.baseURL,
    structuredOutput: options.compat?.structuredOutput ?? 'json-schema',
    generate: function generate(request: ModelRequest, callOptions?: CallOptions): Promise<ModelResponse> {
      return generateChat({ config, request, callOptions });
    },
    stream: function stream(request: ModelRequest, callOptions?: CallOptions): AsyncIterable<StreamPart> {
      return streamChat({ config, request, callOptions });
    },
    redact: function redact(text: string): string {
      return redactSecrets(text, config.secrets);
    },
    // generate() rejects the moment its signal fires (collect-response.ts listens): no race needed.
    [settlesOnAbort]: true,
  };
  return model;
}
