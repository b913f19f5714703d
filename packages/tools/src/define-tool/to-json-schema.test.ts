import { InvalidOptionError } from '@toolloop/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as v3 from 'zod/v3';
import { toJsonSchema } from './to-json-schema.js';

const z3 = v3.z;

describe('toJsonSchema — zod 4', () => {
  it('converts describe, enum, default (as optional), optional and nested objects, without $schema', () => {
    const schema = z.object({
      city: z.string().describe('도시 이름 (예: 서울, 부산)'),
      unit: z.enum(['celsius', 'fahrenheit']).default('celsius').describe('온도 단위'),
      days: z.number().int().optional(),
      location: z.object({ lat: z.number(), lon: z.number() }).describe('좌표'),
    });
    expect(toJsonSchema({ schema, toolName: 't' })).toEqual({
      type: 'object',
      properties: {
        city: { type: 'string', description: '도시 이름 (예: 서울, 부산)' },
        unit: {
          type: 'string',
          enum: ['celsius', 'fahrenheit'],
          default: 'celsius',
          description: '온도 단위',
        },
        days: { type: 'integer', minimum: expect.any(Number), maximum: expect.any(Number) },
        location: {
          type: 'object',
          description: '좌표',
          properties: { lat: { type: 'number' }, lon: { type: 'number' } },
          required: ['lat', 'lon'],
        },
      },
      // `unit` has a default, so the model may leave it out: only city and location are required.
      required: ['city', 'location'],
    });
  });

  it('turns z.object({}) into an object with no properties', () => {
    expect(toJsonSchema({ schema: z.object({}), toolName: 't' })).toEqual({ type: 'object', properties: {} });
  });

  it('works with zod/mini schemas', async () => {
    const mini = await import('zod/mini');
    expect(toJsonSchema({ schema: mini.object({ q: mini.string() }), toolName: 't' })).toEqual({
      type: 'object',
      properties: { q: { type: 'string' } },
      required: ['q'],
    });
  });
});

describe('toJsonSchema — zod 3 (zod/v3)', () => {
  it('converts describe, enum, default, optional and nested objects, without $schema or definitions', () => {
    const schema = z3.object({
      city: z3.string().describe('도시 이름'),
      unit: z3.enum(['celsius', 'fahrenheit']).default('celsius').describe('온도 단위'),
      days: z3.number().optional(),
      location: z3.object({ lat: z3.number(), lon: z3.number() }),
    });
    const json = toJsonSchema({ schema, toolName: 't' });
    expect(json).not.toHaveProperty('$schema');
    expect(json).not.toHaveProperty('definitions');
    expect(json).toEqual({
      type: 'object',
      properties: {
        city: { type: 'string', description: '도시 이름' },
        unit: {
          type: 'string',
          enum: ['celsius', 'fahrenheit'],
          default: 'celsius',
          description: '온도 단위',
        },
        days: { type: 'number' },
        location: {
          type: 'object',
          properties: { lat: { type: 'number' }, lon: { type: 'number' } },
          required: ['lat', 'lon'],
          additionalProperties: false,
        },
      },
      required: ['city', 'location'],
      additionalProperties: false,
    });
  });

  it('turns z.object({}) into an object with no properties', () => {
    expect(toJsonSchema({ schema: z3.object({}), toolName: 't' })).toMatchObject({
      type: 'object',
      properties: {},
    });
  });
});

describe('toJsonSchema — errors name the tool and the fix', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['zod 4 z.any()', z.any(), /converts to an empty JSON Schema/],
    ['zod 3 z.any()', z3.any(), /converts to an empty JSON Schema/],
    ['zod 4 z.string()', z.string(), /must be an object schema.*"string"/],
    ['zod 3 z.string()', z3.string(), /must be an object schema.*"string"/],
    ['zod 4 z.array()', z.array(z.string()), /must be an object schema.*"array"/],
    ['zod 3 z.array()', z3.array(z3.string()), /must be an object schema.*"array"/],
    ['a plain JSON Schema object', { type: 'object', properties: {} }, /must be a zod object schema/],
    ['undefined', undefined, /must be a zod object schema.*undefined/],
    ['a field JSON cannot carry', z.object({ when: z.date() }), /cannot be converted.*z\.date\(\)/],
  ];
  for (const [label, schema, message] of cases) {
    it(`rejects ${label}`, () => {
      let thrown: unknown;
      try {
        toJsonSchema({ schema, toolName: 'my_tool' });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(InvalidOptionError);
      expect((thrown as InvalidOptionError).option).toBe('input');
      expect((thrown as Error).message).toContain('defineTool("my_tool")');
      expect((thrown as Error).message).toMatch(message);
    });
  }
});
