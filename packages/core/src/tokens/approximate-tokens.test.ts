import * as o200k from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { approximateTokens } from './approximate-tokens.js';
import { corpus } from './test-corpus.js';

const reference = (text: string) => o200k.encode(text, { disallowedSpecial: new Set() }).length;

describe('approximateTokens', () => {
  it('stays within the documented bound of o200k_base on English, Korean, code and emoji', () => {
    let exact = 0;
    let approximate = 0;
    for (const [kind, text] of corpus()) {
      const expected = reference(text);
      const got = approximateTokens(text);
      exact += expected;
      approximate += got;
      // docs/usage-and-cost.md: within 25% per sample, or 3 tokens for strings under a dozen tokens.
      const withinBound = Math.abs(got - expected) <= Math.max(3, 0.25 * expected);
      expect(withinBound, `${kind}: ${got} vs ${expected} for ${JSON.stringify(text)}`).toBe(true);
    }
    // …and within 5% over the whole corpus.
    expect(Math.abs(approximate - exact) / exact).toBeLessThanOrEqual(0.05);
  });

  it('prices Korean by its syllables, where a quarter of the characters undercounts by half', () => {
    for (const [kind, text] of corpus()) {
      if (kind !== 'korean') continue;
      const expected = reference(text);
      const quarter = Math.ceil(text.length / 4);
      expect(Math.abs(approximateTokens(text) - expected)).toBeLessThan(Math.abs(quarter - expected));
      expect(quarter).toBeLessThan(expected * 0.6);
    }
  });

  it('counts digits in groups of three and gives no text zero tokens', () => {
    expect(approximateTokens('')).toBe(0);
    expect(approximateTokens('1234567')).toBe(reference('1234567'));
    expect(approximateTokens(' ')).toBe(1);
  });
});
