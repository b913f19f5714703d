import type { ModelResponse, Usage } from '../model/model.js';
import { computeCost, findPrice } from './compute-cost.js';
import type { ModelPrice, PriceTable } from './prices.js';

/** What one response is billed: the usage that counts towards a run's totals and its cost. */
export interface Bill {
  /** The billed usage; undefined for a cache hit (not billed) or a response without usage. */
  usage: Usage | undefined;
  /** USD; 0 for a cache hit, `null` (unknown, never a guess) without usage or without a price. */
  cost: number | null;
}

/** Options of billResponse. */
export interface BillResponseOptions {
  /** The model the call was made to (the table's key). */
  modelId: string;
  prices: PriceTable;
}

/**
 * The one billing rule, a pure function of the response: a cache hit costs 0 and bills no usage;
 * a response without usage costs `null` (unknown); a provider batch answer is priced at the batch
 * rates (half the synchronous price unless the table says otherwise); anything else at the table's
 * rates. The agent loop and the logging middleware both bill through it.
 * @example const { cost } = billResponse(response, { modelId: 'gpt-4.1-mini', prices: defaultPrices });
 */
export function billResponse(
  response: Pick<ModelResponse, 'usage' | 'source'>,
  options: BillResponseOptions,
): Bill {
  if (response.source === 'cache') return { usage: undefined, cost: 0 };
  const usage = response.usage;
  if (!usage) return { usage: undefined, cost: null };
  if (response.source !== 'batch')
    return { usage, cost: computeCost(options.modelId, usage, options.prices) };
  return { usage, cost: computeCost(options.modelId, usage, batchPrices(options.modelId, options.prices)) };
}

/** A table holding the model's batch rates as its ordinary ones. */
function batchPrices(modelId: string, prices: PriceTable): PriceTable {
  const entry = findPrice(modelId, prices);
  if (!entry) return prices;
  const batch: ModelPrice = {
    input: entry.batchInput ?? entry.input / 2,
    output: entry.batchOutput ?? entry.output / 2,
  };
  // Cached input in a batch: the batch input rate when it was given, else half the cached rate.
  batch.cachedInput = entry.batchInput ?? (entry.cachedInput ?? entry.input) / 2;
  return { [modelId]: batch };
}
