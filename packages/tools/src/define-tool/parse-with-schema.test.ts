import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as v3 from 'zod/v3';
import { formatIssues, parseWithSchema } from './parse-with-schema.js';

const z3 = v3.z;

describe('parseWithSchema', () => {
  it('applies defaults on success (zod 4 and zod 3)', () => {
    const v4Schema = z.object({
      city: z.string(),
      unit: z.enum(['celsius', 'fahrenheit']).default('celsius'),
    });
    const v3Schema = z3.object({
      city: z3.string(),
      unit: z3.enum(['celsius', 'fahrenheit']).default('celsius'),
    });
    for (const schema of [v4Schema, v3Schema]) {
      expect(parseWithSchema(schema, { city: '서울' })).toEqual({
        success: true,
        data: { city: '서울', unit: 'celsius' },
      });
    }
  });

  it('lists every issue as `path: message` (zod 4)', () => {
    const schema = z.object({ city: z.string(), items: z.array(z.object({ id: z.number() })) });
    expect(parseWithSchema(schema, { city: 3, items: [{ id: 'x' }] })).toEqual({
      success: false,
      error:
        'city: Invalid input: expected string, received number; items[0].id: Invalid input: expected number, received string',
    });
  });

  it('lists every issue as `path: message` (zod 3)', () => {
    const schema = z3.object({ city: z3.string(), unit: z3.enum(['celsius', 'fahrenheit']) });
    expect(parseWithSchema(schema, { city: 3, unit: 'kelvin' })).toEqual({
      success: false,
      error: expect.stringMatching(
        /^city: Expected string, received number; unit: Invalid enum value\. .*'kelvin'/,
      ),
    });
  });

  it('names the root when the whole value is wrong', () => {
    expect(parseWithSchema(z.object({}), 'text')).toEqual({
      success: false,
      error: '(root): Invalid input: expected object, received string',
    });
  });

  it('reports a schema with async refinements as a failure instead of throwing', () => {
    const schema = z.object({ a: z.string().refine(async () => true) });
    const result = parseWithSchema(schema, { a: 'x' });
    expect(result.success).toBe(false);
    expect(!result.success && result.error).toMatch(/could not validate.*parseAsync/);
  });

  it('caps a long list of issues', () => {
    const issues = Array.from({ length: 12 }, (_, i) => ({ path: [`f${i}`], message: 'Required' }));
    const text = formatIssues(issues);
    expect(text.split('; ')).toHaveLength(9);
    expect(text).toMatch(/…and 4 more$/);
  });
});
