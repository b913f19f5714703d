import type { Model, ModelResponse, StreamPart } from '@toolloop/core';
import { responseToStreamParts } from '@toolloop/core/internal';
import type { RoundEngine } from './round-engine.js';

/**
 * The model one item of a provider batch runs with (`RunOptions.model`): each call waits for the
 * item's line in the next provider batch, so the agent's loop, middleware and tools run unchanged.
 */
export function roundModel(engine: RoundEngine, customId: string, base: Model, modelId: string): Model {
  const call = (
    request: Parameters<Model['generate']>[0],
    signal: AbortSignal | undefined,
  ): Promise<ModelResponse> => engine.call(customId, request, signal);
  return {
    provider: base.provider,
    modelId,
    ...(base.baseURL !== undefined ? { baseURL: base.baseURL } : {}),
    ...(base.structuredOutput !== undefined ? { structuredOutput: base.structuredOutput } : {}),
    generate: (request, options) => call(request, options?.signal),
    async *stream(request, options): AsyncGenerator<StreamPart> {
      yield* responseToStreamParts(await call(request, options?.signal));
    },
    ...(base.redact ? { redact: (text: string) => base.redact?.(text) ?? text } : {}),
  };
}
