import { describe, expect, it } from 'vitest';
import { addCost, computeCost, findPrice } from './compute-cost.js';

describe('pricing', () => {
  it('finds prices for dated snapshots and vendor-prefixed ids, but never by fuzzy prefix', () => {
    expect(findPrice('gpt-4o-mini-2024-07-18')).toEqual(findPrice('gpt-4o-mini'));
    expect(findPrice('openai/gpt-4o')).toEqual(findPrice('gpt-4o'));
    expect(findPrice('gpt-4o-mini-realtime-preview')).toBeUndefined();
    expect(findPrice('llama3.1:8b')).toBeUndefined();
  });

  it('bills cached input at the cached rate and returns null for unknown models', () => {
    expect(
      computeCost('gpt-4o-mini', {
        inputTokens: 1000,
        cachedInputTokens: 200,
        outputTokens: 500,
        totalTokens: 1500,
      }),
    ).toBeCloseTo((800 * 0.15 + 200 * 0.075 + 500 * 0.6) / 1e6, 15);
    expect(computeCost('my-model', { inputTokens: 1, outputTokens: 1, totalTokens: 2 })).toBeNull();
    expect(
      computeCost(
        'my-model',
        { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
        { 'my-model': { input: 1e6, output: 0 } },
      ),
    ).toBe(1);
  });

  it('keeps unknown cost unknown when summing', () => {
    expect(addCost(1, null)).toBeNull();
    expect(addCost(1, 2)).toBe(3);
  });
});
