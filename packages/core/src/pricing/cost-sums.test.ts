import { describe, expect, it } from 'vitest';
import { addCost, computeCost } from './compute-cost.js';
import type { PriceTable } from './prices.js';

describe('costs', () => {
  it('are printed-ready numbers: one call costs what a person would write', () => {
    const prices: PriceTable = { m: { input: 0.15, cachedInput: 0.075, output: 0.6 } };
    // 0.15 × 21 + 0.6 × 25 per 1M: 0.00001815, not 0.000018149999999999997.
    expect(computeCost('m', { inputTokens: 21, outputTokens: 25, totalTokens: 46 }, prices)).toBe(0.00001815);
  });

  it('add up over 100,000 calls exactly as exact arithmetic does (no drift)', () => {
    const prices: PriceTable = {
      mini: { input: 0.15, cachedInput: 0.075, output: 0.6 },
      big: { input: 2.5, cachedInput: 1.25, output: 10 },
    };
    // Exact sum in units of 1e-10 USD: a token at $p per 1M costs p × 1e4 units (an integer for these prices).
    const units = (perMillion: number) => BigInt(Math.round(perMillion * 1e4));
    let exact = 0n;
    let summed: number | null = 0;
    let seed = 7;
    const next = (max: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % max;
    };
    for (let call = 0; call < 100_000; call++) {
      const model = call % 3 === 0 ? 'big' : 'mini';
      const price = prices[model]!;
      const inputTokens = 1 + next(4000);
      const cachedInputTokens = next(inputTokens);
      const outputTokens = next(1500);
      const usage = { inputTokens, cachedInputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
      exact +=
        BigInt(inputTokens - cachedInputTokens) * units(price.input) +
        BigInt(cachedInputTokens) * units(price.cachedInput!) +
        BigInt(outputTokens) * units(price.output);
      summed = addCost(summed, computeCost(model, usage, prices));
    }
    expect(BigInt(Math.round(summed! * 1e10))).toBe(exact);
    // And the float itself is the exact sum's nearest double, not a drifted neighbour.
    expect(summed).toBe(Number(exact) / 1e10);
  });
});
