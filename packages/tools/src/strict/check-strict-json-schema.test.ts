import { describe, expect, it } from 'vitest';
import { checkStrictJsonSchema } from './check-strict-json-schema.js';
import type { JsonSchema } from './json-schema.js';

const object = (properties: Record<string, JsonSchema>): JsonSchema => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
});

const messages = (schema: unknown) =>
  checkStrictJsonSchema(schema).map((problem) => `${problem.path} ${problem.message}`);

describe('checkStrictJsonSchema', () => {
  it('accepts a schema that follows every rule', () => {
    const schema = {
      ...object({
        city: { type: 'string', description: 'City name' },
        when: { type: ['string', 'null'], format: 'date-time' },
        tags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] }, minItems: 1 },
        next: { anyOf: [{ $ref: '#/$defs/Node' }, { type: 'null' }] },
        self: { anyOf: [{ $ref: '#' }, { type: 'null' }] },
      }),
      $defs: { Node: object({ value: { type: 'integer', minimum: 0 } }) },
    };
    expect(checkStrictJsonSchema(schema)).toEqual([]);
  });

  it('flags an object without additionalProperties: false, at any depth', () => {
    const inner = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] };
    expect(messages(object({ inner }))).toEqual([
      '/properties/inner object must set additionalProperties: false',
    ]);
  });

  it('flags a property missing from required', () => {
    const schema = { ...object({ a: { type: 'string' }, b: { type: 'number' } }), required: ['a'] };
    expect(messages(schema)).toEqual([' every property must be required; missing: b']);
  });

  it('flags keywords and formats strict mode rejects', () => {
    const schema = object({
      name: { type: 'string', minLength: 1 },
      site: { type: 'string', format: 'uri' },
      tags: { type: 'array', items: { type: 'string' }, uniqueItems: true },
      word: { type: 'string', pattern: '^(?!x).*$' },
    });
    expect(messages(schema)).toEqual([
      '/properties/name keyword `minLength` is not allowed here in strict mode',
      '/properties/site format "uri" is not one strict mode supports',
      '/properties/tags keyword `uniqueItems` is not allowed here in strict mode',
      '/properties/word the pattern uses lookaround or backreferences, which strict mode does not support',
    ]);
  });

  it('flags a subschema without a type, a boolean subschema and an array without items', () => {
    expect(
      messages(object({ a: { description: 'anything' }, b: true as never, c: { type: 'array' } })),
    ).toEqual([
      '/properties/a every subschema needs a `type` (or anyOf, enum, const)',
      '/properties/b a subschema must be a JSON object (true/false schemas are not allowed)',
      '/properties/c array must describe its `items` with one schema',
    ]);
  });

  it('flags a $ref with siblings and a $ref outside $defs', () => {
    const schema = {
      ...object({ a: { $ref: '#/$defs/A', description: 'x' }, b: { $ref: '#/properties/a' } }),
      $defs: { A: object({}) },
    };
    expect(messages(schema)).toEqual([
      '/properties/a `$ref` must stand alone (no sibling keywords)',
      '/properties/b `$ref` "#/properties/a" must be "#" or point into the root\'s $defs',
    ]);
  });

  it('flags a root that is not a plain object', () => {
    expect(messages({ anyOf: [object({}), { type: 'null' }] })).toContain(' the root must not be anyOf');
    expect(messages({ type: 'string' })).toContain(' the root must be `type: "object"`');
    expect(messages('nope')).toEqual([' the schema must be a JSON object']);
  });

  it('flags schemas past the size limits', () => {
    const wide = object(
      Object.fromEntries(Array.from({ length: 5001 }, (_, i) => [`p${i}`, { type: 'string' }])),
    );
    expect(messages(wide)).toContain(' 5001 object properties in all; strict mode allows 5000');

    let deep: JsonSchema = object({ leaf: { type: 'string' } });
    for (let level = 0; level < 10; level++) deep = object({ child: deep });
    expect(messages(deep)).toContain(' objects nest 11 levels deep; strict mode allows 10');

    const manyEnums = object({ a: { type: 'integer', enum: Array.from({ length: 1001 }, (_, i) => i) } });
    expect(messages(manyEnums)).toContain(' 1001 enum values in all; strict mode allows 1000');

    const longEnum = object({
      a: { type: 'string', enum: Array.from({ length: 251 }, (_, i) => `${i}`.padEnd(60, 'x')) },
    });
    expect(messages(longEnum)).toContain(
      '/properties/a an enum of 251 strings with 15060 characters; above 250 values strict mode allows 15000',
    );
  });
});
