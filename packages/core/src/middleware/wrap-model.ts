import type { CallOptions, Model, ModelRequest, ModelResponse, StreamPart } from '../model/model.js';
import { defaultPrices, type PriceTable } from '../pricing/prices.js';
import { newId } from '../util/id.js';
import { composeGenerate, composeStream } from './compose.js';
import type { Middleware, ModelCallContext, ModelCallMetadata } from './middleware.js';

/** Options of wrapModel: the model and the middleware to put around it. */
export interface WrapModelOptions {
  model: Model;
  /** Outermost first. */
  middleware: readonly Middleware[];
  /** Extra or overriding prices, merged over the default table; middleware read them as `context.prices`. */
  prices?: PriceTable;
}

/**
 * A Model with middleware applied, for calls outside an agent (each call gets its own context).
 * @example const cached = wrapModel({ model: openai('gpt-4o-mini'), middleware: [cache({ store: memoryStore() })] });
 */
export function wrapModel({ model, middleware, prices: ownPrices }: WrapModelOptions): Model {
  const prices = ownPrices ? { ...defaultPrices, ...ownPrices } : defaultPrices;
  const context = (streaming: boolean, signal: AbortSignal | undefined): ModelCallContext => ({
    runId: newId('call'),
    step: 0,
    model,
    streaming,
    signal,
    prices,
    batchItem: undefined,
    metadata: {} as ModelCallMetadata,
  });
  const wrapped: Model = {
    provider: model.provider,
    modelId: model.modelId,
    generate(request: ModelRequest, options?: CallOptions): Promise<ModelResponse> {
      return composeGenerate(model, middleware, context(false, options?.signal))(request, options);
    },
    stream(request: ModelRequest, options?: CallOptions): AsyncIterable<StreamPart> {
      return composeStream(model, middleware, context(true, options?.signal))(request, options);
    },
  };
  if (model.baseURL !== undefined) (wrapped as { baseURL?: string }).baseURL = model.baseURL;
  if (model.structuredOutput !== undefined)
    (wrapped as { structuredOutput?: Model['structuredOutput'] }).structuredOutput = model.structuredOutput;
  if (model.redact) wrapped.redact = (text) => model.redact!(text);
  return wrapped;
}
