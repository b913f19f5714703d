import { describe, expect, it } from 'vitest';
import type { Usage } from '../model/model.js';
import { billResponse } from './bill-response.js';
import type { PriceTable } from './prices.js';

const prices: PriceTable = { m: { input: 2, cachedInput: 1, output: 8 } };
const usage: Usage = { inputTokens: 1_000_000, outputTokens: 500_000, totalTokens: 1_500_000 };
const options = { modelId: 'm', prices };

describe('billResponse', () => {
  it('prices a live answer at the table rates, cached input at the cached rate', () => {
    expect(billResponse({ usage }, options)).toEqual({ usage, cost: 2 + 4 });
    const cached = { ...usage, cachedInputTokens: 400_000 };
    expect(billResponse({ usage: cached, source: 'model' }, options).cost).toBeCloseTo(1.2 + 0.4 + 4);
  });

  it('bills a cache hit nothing: cost 0 and no usage, whatever usage it carries', () => {
    expect(billResponse({ usage, source: 'cache' }, options)).toEqual({ usage: undefined, cost: 0 });
    expect(billResponse({ source: 'cache' }, options)).toEqual({ usage: undefined, cost: 0 });
  });

  it('reports a response without usage as unknown (null), never as free', () => {
    expect(billResponse({}, options)).toEqual({ usage: undefined, cost: null });
    expect(billResponse({ source: 'batch' }, options)).toEqual({ usage: undefined, cost: null });
  });

  it('reports a model without a price as unknown', () => {
    expect(billResponse({ usage }, { modelId: 'unpriced', prices })).toEqual({ usage, cost: null });
  });

  it('prices a provider batch answer at half the rates unless the table names batch rates', () => {
    expect(billResponse({ usage, source: 'batch' }, options).cost).toBeCloseTo(1 + 2);
    const own: PriceTable = { m: { input: 2, output: 8, batchInput: 0.5, batchOutput: 3 } };
    expect(billResponse({ usage, source: 'batch' }, { modelId: 'm', prices: own }).cost).toBeCloseTo(
      0.5 + 1.5,
    );
    // A dated snapshot finds its base model's batch rates too.
    expect(billResponse({ usage, source: 'batch' }, { modelId: 'm-2025-01-01', prices }).cost).toBeCloseTo(3);
  });
});
