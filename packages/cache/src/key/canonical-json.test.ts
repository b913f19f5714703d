import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('sorts keys recursively so construction order does not matter', () => {
    const a = { b: 1, a: { d: [1, { z: 1, y: 2 }], c: 'x' } };
    const b = { a: { c: 'x', d: [1, { y: 2, z: 1 }] }, b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":{"c":"x","d":[1,{"y":2,"z":1}]},"b":1}');
  });

  it('drops undefined members but keeps array positions', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 2] })).toBe('{"b":[null,2]}');
    expect(canonicalJson({ a: 1, settings: undefined })).toBe(canonicalJson({ a: 1 }));
  });

  it('keeps array order and distinguishes types', () => {
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
    expect(canonicalJson({ a: '1' })).not.toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson({ a: null })).not.toBe(canonicalJson({}));
  });

  it('escapes strings like JSON and parses back', () => {
    const value = { text: '따옴표 " 와 \\ 그리고 \n 줄바꿈', n: -1.5e-7, ok: false };
    expect(JSON.parse(canonicalJson(value))).toEqual(value);
  });
});

describe('canonicalJson is injective over own properties', () => {
  it('keeps a member named __proto__ (two different requests never share a key)', () => {
    const withProto = JSON.parse('{"a":1,"__proto__":{"x":1}}');
    expect(canonicalJson(withProto)).not.toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson(withProto)).toBe('{"__proto__":{"x":1},"a":1}');
    expect(JSON.parse(canonicalJson(withProto))).toEqual(withProto);
  });

  it('different JSON values give different text (property)', async () => {
    const fc = (await import('fast-check')).default;
    const member = fc.constantFrom('__proto__', 'constructor', 'toString', 'a', 'b', '');
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom(null, true, false, 0, 1, 'x', ''),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(member, tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, value, (a, b) => {
        const same = canonicalJson(a) === canonicalJson(b);
        // Equal text only for structurally equal values (key order aside).
        expect(same).toBe(JSON.stringify(sortDeep(a)) === JSON.stringify(sortDeep(b)));
        expect(JSON.parse(canonicalJson(a))).toEqual(a);
      }),
      { numRuns: 2000 },
    );
  });
});

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (typeof value !== 'object' || value === null) return value;
  const pairs = Object.keys(value)
    .sort()
    .map((key) => [key, sortDeep((value as Record<string, unknown>)[key])]);
  return { object: pairs };
}
