import type { Usage } from '../model/model.js';
import { findByModelId } from './find-by-model-id.js';
import { defaultPrices, type ModelPrice, type PriceTable } from './prices.js';

/**
 * The price entry for a model id: an exact match, else the id without a date snapshot suffix
 * (`gpt-4o-mini-2024-07-18` → `gpt-4o-mini`) or a vendor prefix (`openai/gpt-4o`). No fuzzy
 * prefix matching: a different model priced as another would be a silent lie.
 */
export function findPrice(modelId: string, prices: PriceTable = defaultPrices): ModelPrice | undefined {
  return findByModelId(prices, modelId);
}

/**
 * Cost in USD of one usage on one model; `null` when the model has no price.
 * @example const usd = computeCost('gpt-4.1-mini', response.usage ?? emptyUsage()); // null for an unknown model
 */
export function computeCost(
  modelId: string,
  usage: Usage,
  prices: PriceTable = defaultPrices,
): number | null {
  const price = findPrice(modelId, prices);
  if (!price) return null;
  const cached = Math.min(usage.cachedInputTokens ?? 0, usage.inputTokens);
  const uncached = usage.inputTokens - cached;
  return roundUSD(
    (uncached * price.input +
      cached * (price.cachedInput ?? price.input) +
      usage.outputTokens * price.output) /
      1e6,
  );
}

/** Costs are kept to 1e-10 USD (a ten-thousandth of a micro-dollar): finer than any bill, coarse enough to add exactly. */
const COST_UNITS_PER_USD = 1e10;

/**
 * A cost rounded to 1e-10 USD. Every cost toolloop computes or adds is rounded so, which keeps
 * sums exact (no `0.000018149999999999997`, no drift over many calls) up to $900,000.
 */
export function roundUSD(usd: number): number {
  return Math.round(usd * COST_UNITS_PER_USD) / COST_UNITS_PER_USD;
}

/** Adds two costs where `null` (unknown) is contagious: a sum with an unknown part is unknown. */
export function addCost(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : roundUSD(a + b);
}
