import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scopedKey } from './scoped-key.js';

describe('scopedKey', () => {
  it('keeps a namespaced key apart from any key without a namespace', () => {
    expect(scopedKey('a:b', 'x')).not.toBe(scopedKey(undefined, 'a%3Ab:x'));
    expect(scopedKey('a:b', 'x')).not.toBe(scopedKey('a', 'b:x'));
    expect(scopedKey(undefined, 'k')).toBe(':k');
  });

  it('is injective over (namespace | none, key) pairs (property)', () => {
    const namespace = fc.option(
      fc.string({ minLength: 1, unit: fc.constantFrom('a', ':', '%', '3', 'A', 'b') }),
      {
        nil: undefined,
      },
    );
    const key = fc.string({ unit: fc.constantFrom('a', ':', '%', '3', 'A', 'b') });
    fc.assert(
      fc.property(namespace, key, namespace, key, (n1, k1, n2, k2) => {
        if (n1 === n2 && k1 === k2) return;
        expect(scopedKey(n1, k1)).not.toBe(scopedKey(n2, k2));
      }),
      { numRuns: 5000 },
    );
  });
});
