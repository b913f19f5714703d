import { describe, expect, it } from 'vitest';
import { parsePartialJson } from './parse-partial-json.js';

describe('parsePartialJson', () => {
  it.each([
    ['', undefined],
    ['{', {}],
    ['{"city":"Seo', { city: 'Seo' }],
    ['{"city":"Seoul","te', { city: 'Seoul' }],
    ['{"city":"Seoul","temp":', { city: 'Seoul' }],
    ['{"city":"Seoul","temp":21', { city: 'Seoul', temp: 21 }],
    ['{"ok":tr', {}],
    ['{"items":["a","b', { items: ['a', 'b'] }],
    ['{"a":{"b":[1,2],', { a: { b: [1, 2] } }],
    ['{"s":"line\\', { s: 'line' }],
    ['{"s":"\\u00', { s: '' }],
    ['{"done":true}', { done: true }],
  ])('reads %j as far as it goes', (text, expected) => {
    expect(parsePartialJson(text)).toEqual(expected);
  });

  it('grows monotonically as a whole object arrives character by character', () => {
    const full = JSON.stringify({ city: '서울', days: [1, 2, 3], nested: { note: 'a "quoted" \\ text' } });
    for (let end = 1; end <= full.length; end++) {
      const value = parsePartialJson(full.slice(0, end));
      expect(value === undefined || typeof value === 'object').toBe(true);
    }
    expect(parsePartialJson(full)).toEqual(JSON.parse(full));
  });
});
