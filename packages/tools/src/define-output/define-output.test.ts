import { createAgent } from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { z } from 'zod';
import { z as z3 } from 'zod/v3';
import { defineOutput } from './define-output.js';

const weather = z.object({
  city: z.string(),
  temperature: z.number(),
  note: z.string().optional(),
  unit: z.enum(['celsius', 'fahrenheit']).default('celsius'),
});

describe('defineOutput', () => {
  it('rewrites optional fields to nullable for strict mode and reads null back as absent', () => {
    const spec = defineOutput({ schema: weather, name: 'weather' });
    expect(spec.strict).toBe(true);
    expect(spec.jsonSchema).toMatchObject({
      additionalProperties: false,
      required: ['city', 'temperature', 'note', 'unit'],
    });
    const parsed = spec.parse({ city: '서울', temperature: 21, note: null, unit: null });
    expect(parsed).toEqual({ success: true, data: { city: '서울', temperature: 21, unit: 'celsius' } });
    expectTypeOf(spec.parse).returns.toMatchTypeOf<
      { success: true; data: { city: string; note?: string | undefined } } | { success: false; error: string }
    >();
  });

  it('says what is wrong with an invalid answer, path by path', () => {
    const spec = defineOutput({ schema: weather });
    const parsed = spec.parse({ city: 1, temperature: 't', note: null, unit: null });
    expect(parsed.success).toBe(false);
    expect(!parsed.success && parsed.error).toMatch(/^city: .*; temperature: /);
  });

  it('wraps a non-object root in { value } and unwraps the answer', () => {
    const spec = defineOutput({ schema: z.array(z.string()) });
    expect(spec.wrappedIn).toBe('value');
    expect(spec.jsonSchema).toMatchObject({ properties: { value: { type: 'array' } }, required: ['value'] });
    expect(spec.parse({ value: ['a', 'b'] })).toEqual({ success: true, data: ['a', 'b'] });
  });

  it('sends a free-form map non-strict and says why once, instead of changing its meaning', () => {
    const onNotStrict = vi.fn();
    const spec = defineOutput({
      schema: z.object({ scores: z.record(z.string(), z.number()) }),
      onNotStrict,
    });
    expect(spec.strict).toBe(false);
    expect(onNotStrict).toHaveBeenCalledTimes(1);
    expect(onNotStrict.mock.calls[0]![0]).toMatch(/without strict mode.*scores/);
    expect(spec.notStrictReason).toContain('scores');
    expect(spec.parse({ scores: { a: 1 } })).toEqual({ success: true, data: { scores: { a: 1 } } });
  });

  it('emits a process warning when no onNotStrict is given', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    defineOutput({ schema: z.object({ scores: z.record(z.string(), z.number()) }) });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('strict'), {
      code: 'TOOLLOOP_OUTPUT_NOT_STRICT',
    });
    warn.mockRestore();
  });

  it('accepts zod 3 schemas too', () => {
    const spec = defineOutput({ schema: z3.object({ city: z3.string(), days: z3.number().optional() }) });
    expect(spec.strict).toBe(true);
    expect(spec.parse({ city: '부산', days: null })).toEqual({ success: true, data: { city: '부산' } });
  });

  it('rejects what is not a zod schema, and a bad name, naming the fix', () => {
    expect(() => defineOutput({ schema: { type: 'object' } as never })).toThrow(
      /`schema` must be a zod schema/,
    );
    expect(() => defineOutput({ schema: weather, name: 'has space' })).toThrow(/must match/);
  });

  it('types result.output from the schema in a run', async () => {
    const model = scriptedModel({
      turns: [{ text: '{"city":"서울","temperature":21,"note":null,"unit":null}' }],
    });
    const agent = createAgent({ model, output: defineOutput({ schema: weather }) });
    const { output } = await agent.run('서울 날씨?');
    expectTypeOf(output).toEqualTypeOf<{
      city: string;
      temperature: number;
      note?: string | undefined;
      unit: 'celsius' | 'fahrenheit';
    }>();
    expect(output).toEqual({ city: '서울', temperature: 21, unit: 'celsius' });
  });
});
