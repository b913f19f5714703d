/** USD per 1M tokens. */
export interface ModelPrice {
  input: number;
  /** Rate for input tokens served from the provider's prompt cache; defaults to `input`. */
  cachedInput?: number;
  output: number;
  /** Input rate for provider batch calls; defaults to half of `input` (OpenAI's Batch API price). */
  batchInput?: number;
  /** Output rate for provider batch calls; defaults to half of `output`. */
  batchOutput?: number;
}

/** Prices by model id, as passed to createAgent's (and wrapModel's) `prices` option. */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

/**
 * OpenAI list prices (USD per 1M tokens, standard tier) as published in 2025. Prices change:
 * pass your own `prices` to override or extend; a model not in the table costs `null`, never 0.
 */
export const defaultPrices: PriceTable = {
  'gpt-5': { input: 1.25, cachedInput: 0.125, output: 10 },
  'gpt-5-mini': { input: 0.25, cachedInput: 0.025, output: 2 },
  'gpt-5-nano': { input: 0.05, cachedInput: 0.005, output: 0.4 },
  'gpt-4.1': { input: 2, cachedInput: 0.5, output: 8 },
  'gpt-4.1-mini': { input: 0.4, cachedInput: 0.1, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, cachedInput: 0.025, output: 0.4 },
  'gpt-4o': { input: 2.5, cachedInput: 1.25, output: 10 },
  'gpt-4o-mini': { input: 0.15, cachedInput: 0.075, output: 0.6 },
  o1: { input: 15, cachedInput: 7.5, output: 60 },
  o3: { input: 2, cachedInput: 0.5, output: 8 },
  'o3-mini': { input: 1.1, cachedInput: 0.55, output: 4.4 },
  'o4-mini': { input: 1.1, cachedInput: 0.275, output: 4.4 },
  'gpt-4-turbo': { input: 10, output: 30 },
  'gpt-4': { input: 30, output: 60 },
  'gpt-3.5-turbo': { input: 0.5, output: 1.5 },
};
