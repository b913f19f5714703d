import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkStrictJsonSchema } from './check-strict-json-schema.js';
import type { JsonSchema } from './json-schema.js';
import { toStrictJsonSchema } from './to-strict-json-schema.js';

function strict(schema: JsonSchema) {
  const result = toStrictJsonSchema(schema);
  if (!result.strict) throw new Error(`expected strict, got: ${result.reason}`);
  expect(checkStrictJsonSchema(result.schema)).toEqual([]);
  return result;
}

function notStrict(schema: JsonSchema) {
  const result = toStrictJsonSchema(schema);
  if (result.strict) throw new Error(`expected not strict, got ${JSON.stringify(result.schema)}`);
  return result;
}

describe('toStrictJsonSchema: rewrites instead of rejecting', () => {
  it('makes an optional property required and nullable, and restore drops its null', () => {
    const result = strict({
      type: 'object',
      properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 1 } },
      required: ['city'],
    });
    expect(result.schema).toEqual({
      type: 'object',
      properties: { city: { type: 'string' }, days: { type: ['integer', 'null'], minimum: 1 } },
      required: ['city', 'days'],
      additionalProperties: false,
    });
    expect(result.restore({ city: 'Seoul', days: null })).toEqual({ city: 'Seoul' });
    expect(result.restore({ city: 'Seoul', days: 3 })).toEqual({ city: 'Seoul', days: 3 });
  });

  it('keeps null for an optional property that already accepted null', () => {
    const result = strict({
      type: 'object',
      properties: { note: { anyOf: [{ type: 'string' }, { type: 'null' }] } },
    });
    expect(result.schema.properties).toEqual({ note: { anyOf: [{ type: 'string' }, { type: 'null' }] } });
    expect(result.restore({ note: null })).toEqual({ note: null });
  });

  it('wraps an enum, an object or a $ref in anyOf with null, keeping the description outside', () => {
    const result = strict({
      type: 'object',
      properties: {
        unit: { type: 'string', enum: ['c', 'f'], description: 'Unit' },
        where: { type: 'object', properties: { lat: { type: 'number' } }, required: ['lat'] },
      },
    });
    expect(result.schema.properties).toEqual({
      unit: { description: 'Unit', anyOf: [{ type: 'string', enum: ['c', 'f'] }, { type: 'null' }] },
      where: {
        anyOf: [
          {
            type: 'object',
            properties: { lat: { type: 'number' } },
            required: ['lat'],
            additionalProperties: false,
          },
          { type: 'null' },
        ],
      },
    });
    expect(result.restore({ unit: null, where: { lat: 1 } })).toEqual({ where: { lat: 1 } });
  });

  it('moves a default into the description and lets null mean "use the default"', () => {
    const result = strict({
      type: 'object',
      properties: { limit: { type: 'integer', default: 10, description: 'Max results' } },
    });
    expect(result.schema.properties).toEqual({
      limit: { type: ['integer', 'null'], description: 'Max results (Default: 10.)' },
    });
    expect(result.restore({ limit: null })).toEqual({});
  });

  it('wraps a non-object root and unwraps it on restore', () => {
    const text = strict({ type: 'string', description: 'The answer' });
    expect(text.wrappedIn).toBe('value');
    expect(text.schema).toEqual({
      type: 'object',
      properties: { value: { type: 'string', description: 'The answer' } },
      required: ['value'],
      additionalProperties: false,
    });
    expect(text.restore({ value: 'hi' })).toBe('hi');

    const list = toStrictJsonSchema({ type: 'array', items: { type: 'integer' } }, { rootKey: 'items' });
    expect(list.wrappedIn).toBe('items');
    expect(list.restore({ items: [1, 2] })).toEqual([1, 2]);
  });

  it('wraps a root anyOf and restores the variant the model chose', () => {
    const result = strict({
      anyOf: [
        { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] },
        {
          type: 'object',
          properties: { email: { type: 'string', format: 'email' }, name: { type: 'string' } },
          required: ['email'],
        },
      ],
    });
    expect(result.restore({ value: { email: 'a@b.co', name: null } })).toEqual({ email: 'a@b.co' });
    expect(result.restore({ value: { id: 7 } })).toEqual({ id: 7 });
  });

  it('keeps a recursive root reachable when it has to be wrapped', () => {
    const result = strict({
      anyOf: [
        { type: 'string' },
        {
          type: 'object',
          properties: { children: { type: 'array', items: { $ref: '#' } } },
          required: ['children'],
        },
      ],
    });
    expect(result.schema.properties).toEqual({ value: { $ref: '#/$defs/Root' } });
    expect((result.schema.$defs as JsonSchema).Root).toBeDefined();
  });

  it('merges allOf into one object', () => {
    const result = strict({
      type: 'object',
      properties: {
        job: {
          allOf: [
            { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
            { type: 'object', properties: { retries: { type: 'integer' } } },
          ],
        },
      },
      required: ['job'],
    });
    expect(result.schema.properties).toEqual({
      job: {
        type: 'object',
        properties: { name: { type: 'string' }, retries: { type: ['integer', 'null'] } },
        required: ['name', 'retries'],
        additionalProperties: false,
      },
    });
  });

  it('treats $ref siblings as an intersection, keeping the target’s constraints', () => {
    const result = strict({
      type: 'object',
      properties: { point: { $ref: '#/$defs/P', required: ['x', 'y'] } },
      required: ['point'],
      $defs: {
        P: { type: 'object', properties: { x: { type: 'number' }, y: { type: 'number' } }, required: ['x'] },
      },
    });
    const point = (result.schema.properties as Record<string, JsonSchema>).point!;
    expect(point.properties).toEqual({ x: { type: 'number' }, y: { type: 'number' } });
  });

  it('turns a discriminated oneOf into anyOf', () => {
    const result = strict({
      type: 'object',
      properties: {
        pet: {
          oneOf: [
            {
              type: 'object',
              properties: { kind: { const: 'cat' }, lives: { type: 'integer' } },
              required: ['kind'],
            },
            {
              type: 'object',
              properties: { kind: { const: 'dog' }, lives: { type: 'integer' } },
              required: ['kind'],
            },
          ],
        },
      },
      required: ['pet'],
    });
    expect(result.restore({ pet: { kind: 'dog', lives: null } })).toEqual({ pet: { kind: 'dog' } });
  });

  it('splits a list of types into anyOf branches with the keywords each type takes', () => {
    const result = strict({
      type: 'object',
      properties: { size: { type: ['integer', 'string'], minimum: 0, format: 'date' } },
      required: ['size'],
    });
    expect(result.schema.properties).toEqual({
      size: {
        anyOf: [
          { type: 'integer', minimum: 0 },
          { type: 'string', format: 'date' },
        ],
      },
    });
  });

  it('never mutates the schema it converts nor the value it restores', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: {
        a: { type: 'string' },
        nested: { type: 'object', properties: { b: { type: 'number' } } },
      },
    };
    const copy = structuredClone(schema);
    const result = strict(schema);
    expect(schema).toEqual(copy);
    const answer = { a: null, nested: { b: null } };
    expect(result.restore(answer)).toEqual({ nested: {} });
    expect(answer).toEqual({ a: null, nested: { b: null } });
  });
});

describe('toStrictJsonSchema: says why when strict would change the meaning', () => {
  it('names a free-form map and sends the schema as it is', () => {
    const schema = {
      type: 'object',
      properties: { headers: { type: 'object', additionalProperties: { type: 'string' } } },
      required: ['headers'],
      $schema: 'http://json-schema.org/draft-07/schema#',
    };
    const result = notStrict(schema);
    expect(result.reason).toBe(
      '/properties/headers: a free-form map (additionalProperties: a schema): strict mode cannot accept keys it does not list',
    );
    const { $schema: _schema, ...rest } = schema;
    expect(result.schema).toEqual(rest);
    expect(result.restore({ headers: { a: 'b' } })).toEqual({ headers: { a: 'b' } });
  });

  it('names an overlapping oneOf, which anyOf would widen', () => {
    const result = notStrict({
      type: 'object',
      properties: { id: { oneOf: [{ type: 'integer' }, { type: 'number', minimum: 0 }] } },
      required: ['id'],
    });
    expect(result.reason).toContain('oneOf branches 0 and 1 may both match a value');
  });

  it('names an allOf whose closed part would be widened by merging', () => {
    const result = notStrict({
      allOf: [
        { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false },
        { type: 'object', properties: { b: { type: 'string' } } },
      ],
    });
    expect(result.reason).toContain('closed (additionalProperties: false) without b');
  });

  it('lists at most four reasons and counts the rest', () => {
    const properties = Object.fromEntries(
      Array.from({ length: 6 }, (_, i) => [`p${i}`, { type: 'string', minLength: 1 }]),
    );
    const result = notStrict({ type: 'object', properties });
    expect(result.reason).toMatch(
      /\/properties\/p3: `minLength` is not supported in strict mode; and 2 more$/,
    );
    expect(result.problems).toHaveLength(6);
  });

  it('gives up quickly on a schema that would expand exponentially', () => {
    // Each level refers to the next twice with a description, which asks for inlining.
    const defs: Record<string, JsonSchema> = {};
    for (let level = 0; level < 30; level++) {
      const next = { $ref: `#/$defs/L${level + 1}`, description: 'next' };
      defs[`L${level}`] = {
        type: 'object',
        properties: { left: next, right: next },
        required: ['left', 'right'],
      };
    }
    defs.L30 = { type: 'string' };
    const result = notStrict({
      type: 'object',
      properties: { root: { $ref: '#/$defs/L0' } },
      required: ['root'],
      $defs: defs,
    });
    expect(result.reason).toContain('expands to more than 20000 subschemas');
  });

  it('reports the size limits the checker finds', () => {
    const values = Array.from({ length: 1200 }, (_, i) => `v${i}`);
    const result = notStrict({
      type: 'object',
      properties: { v: { type: 'string', enum: values } },
      required: ['v'],
    });
    expect(result.reason).toContain('1200 enum values in all; strict mode allows 1000');
  });
});

describe('toStrictJsonSchema with zod 4 schemas (the structured-output path)', () => {
  const Answer = z.object({
    city: z.string(),
    unit: z.enum(['celsius', 'fahrenheit']).default('celsius'),
    note: z.string().optional(),
    alias: z.string().nullish(),
    forecast: z.array(
      z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('sun'), hours: z.number().optional() }),
        z.object({ kind: z.literal('rain'), mm: z.number() }),
      ]),
    ),
  });

  it('converts losslessly, and a model answer with nulls parses to the idiomatic optional shape', () => {
    const result = strict(z.toJSONSchema(Answer, { io: 'input' }) as JsonSchema);
    const answer = {
      city: '서울',
      unit: null,
      note: null,
      alias: null,
      forecast: [
        { kind: 'sun', hours: null },
        { kind: 'rain', mm: 3 },
      ],
    };
    const parsed = Answer.parse(result.restore(answer));
    expect(parsed).toEqual({
      city: '서울',
      unit: 'celsius',
      alias: null,
      forecast: [{ kind: 'sun' }, { kind: 'rain', mm: 3 }],
    });
    expect('note' in parsed).toBe(false);
  });

  it('wraps a non-object output schema such as an array', () => {
    const Cities = z.array(z.object({ name: z.string(), population: z.number().optional() }));
    const result = strict(z.toJSONSchema(Cities, { io: 'input' }) as JsonSchema);
    expect(result.wrappedIn).toBe('value');
    expect(Cities.parse(result.restore({ value: [{ name: '부산', population: null }] }))).toEqual([
      { name: '부산' },
    ]);
  });

  it('sends a record non-strict and says so', () => {
    const Tally = z.object({ counts: z.record(z.string(), z.number()) });
    const result = notStrict(z.toJSONSchema(Tally, { io: 'input' }) as JsonSchema);
    expect(result.reason).toContain('/properties/counts');
  });
});
