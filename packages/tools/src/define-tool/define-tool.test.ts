import { createAgent, InvalidOptionError, type Tool, ToolExecutionError } from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { z } from 'zod';
import * as v3 from 'zod/v3';
import { defineTool } from './define-tool.js';

const z3 = v3.z;

const weatherInput = z.object({
  city: z.string().describe('도시 이름'),
  unit: z.enum(['celsius', 'fahrenheit']).default('celsius'),
});

function errorOf(define: () => unknown): InvalidOptionError {
  try {
    define();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidOptionError);
    return error as InvalidOptionError;
  }
  throw new Error('expected defineTool to throw');
}

const context = {
  signal: new AbortController().signal,
  toolCallId: 'call_1',
  runId: 'run_1',
  step: 1,
  messages: [],
};

describe('defineTool', () => {
  it('returns a core Tool with the JSON Schema computed at definition', () => {
    const tool = defineTool({
      name: 'get_weather',
      description: '특정 도시의 날씨 정보를 가져옵니다',
      input: weatherInput,
      strict: false,
      timeoutMs: 5000,
      execute: ({ city }) => city,
    });
    expectTypeOf(tool).toExtend<Tool>();
    expect(tool).toMatchObject({
      name: 'get_weather',
      description: '특정 도시의 날씨 정보를 가져옵니다',
      strict: false,
      timeoutMs: 5000,
    });
    expect(tool.jsonSchema).toEqual({
      type: 'object',
      properties: {
        city: { type: 'string', description: '도시 이름' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'], default: 'celsius' },
      },
      required: ['city'],
    });
    // Computed once: the same object every time, not rebuilt per access.
    expect(tool.jsonSchema).toBe(tool.jsonSchema);
    expect(
      'strict' in defineTool({ name: 'x', description: 'd', input: z.object({}), execute: () => 1 }),
    ).toBe(false);
  });

  it('infers execute’s input from a zod 4 schema (output side: defaults filled)', () => {
    defineTool({
      name: 'get_weather',
      description: 'd',
      input: weatherInput,
      execute: (input) => {
        expectTypeOf(input).toEqualTypeOf<{ city: string; unit: 'celsius' | 'fahrenheit' }>();
        // @ts-expect-error `country` is not in the schema: inference would have to be broken for this to compile.
        return input.country;
      },
    });
  });

  it('infers execute’s input from a zod 3 schema', () => {
    const tool = defineTool({
      name: 'v3_tool',
      description: 'd',
      input: z3.object({ q: z3.string(), limit: z3.number().default(10) }),
      execute: async ({ q, limit }) => ({ q, limit }),
    });
    expectTypeOf(tool.execute).parameter(0).toEqualTypeOf<{ q: string; limit: number }>();
    expectTypeOf(tool.execute).returns.resolves.toEqualTypeOf<{ q: string; limit: number }>();
  });

  it('parseInput applies defaults and returns readable errors', () => {
    const tool = defineTool({
      name: 'get_weather',
      description: 'd',
      input: weatherInput,
      execute: () => 'ok',
    });
    expect(tool.parseInput({ city: '서울' })).toEqual({
      success: true,
      data: { city: '서울', unit: 'celsius' },
    });
    expect(tool.parseInput({ city: 1, unit: 'kelvin' })).toEqual({
      success: false,
      error: expect.stringMatching(
        /^city: Invalid input: expected string, received number; unit: Invalid option/,
      ),
    });
  });

  it('parseInput works for a zod 3 schema', () => {
    const tool = defineTool({
      name: 'v3_tool',
      description: 'd',
      input: z3.object({ q: z3.string(), limit: z3.number().default(10) }),
      execute: () => 'ok',
    });
    expect(tool.parseInput({ q: 'a' })).toEqual({ success: true, data: { q: 'a', limit: 10 } });
    expect(tool.parseInput({})).toEqual({ success: false, error: 'q: Required' });
  });

  describe('output validation', () => {
    const output = z.object({ temperature: z.number(), source: z.string().default('test') });

    it('returns the parsed output (defaults applied) when it matches', async () => {
      const tool = defineTool({
        name: 'with_output',
        description: 'd',
        input: z.object({}),
        output,
        execute: async () => ({ temperature: 21 }),
      });
      expectTypeOf(tool.execute).returns.resolves.toEqualTypeOf<{ temperature: number; source: string }>();
      await expect(tool.execute({}, context)).resolves.toEqual({ temperature: 21, source: 'test' });
    });

    it('throws ToolExecutionError naming the mismatch when it does not', async () => {
      const tool = defineTool({
        name: 'with_output',
        description: 'd',
        input: z.object({}),
        output,
        execute: async () => ({ temperature: 'warm' }) as unknown as { temperature: number },
      });
      const failure = tool.execute({}, context);
      await expect(failure).rejects.toBeInstanceOf(ToolExecutionError);
      await expect(failure).rejects.toThrow(
        'Tool "with_output" returned a result that does not match its output schema: temperature: Invalid input: expected number, received string',
      );
    });

    it('rejects at the type level an execute whose result does not fit the output schema', () => {
      defineTool({
        name: 'with_output',
        description: 'd',
        input: z.object({}),
        output,
        // @ts-expect-error temperature must be a number
        execute: async () => ({ temperature: 'warm' }),
      });
    });
  });

  describe('definition-time errors', () => {
    const base = { name: 'my_tool', description: 'does things', input: z.object({}), execute: () => 'ok' };

    it.each([
      ['missing', undefined],
      ['empty', ''],
      ['with a space', 'get weather'],
      ['with a dot', 'weather.get'],
      ['65 characters long', 'a'.repeat(65)],
    ])('rejects a name that is %s', (_label, name) => {
      const error = errorOf(() => defineTool({ ...base, name: name as string }));
      expect(error.option).toBe('name');
      expect(error.message).toContain('^[a-zA-Z0-9_-]{1,64}$');
    });

    it('accepts a 64-character name with - and _', () => {
      expect(defineTool({ ...base, name: `a-_${'b'.repeat(61)}` }).name).toHaveLength(64);
    });

    it.each([
      ['empty', ''],
      ['blank', '   '],
      ['missing', undefined],
    ])('rejects a description that is %s', (_label, description) => {
      const error = errorOf(() => defineTool({ ...base, description: description as string }));
      expect(error.option).toBe('description');
      expect(error.message).toMatch(/defineTool\("my_tool"\): `description` is empty/);
    });

    it('rejects an execute that is not a function', () => {
      const error = errorOf(() => defineTool({ ...base, execute: 'run' as unknown as () => string }));
      expect(error.option).toBe('execute');
      expect(error.message).toContain('defineTool("my_tool"): `execute` must be a function');
    });

    it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('rejects timeoutMs %s', (timeoutMs) => {
      const error = errorOf(() => defineTool({ ...base, timeoutMs }));
      expect(error.option).toBe('timeoutMs');
      expect(error.message).toContain(
        'defineTool("my_tool"): `timeoutMs` must be a finite number of milliseconds > 0',
      );
    });

    it.each([
      ['z.any()', z.any(), /empty JSON Schema/],
      ['zod 3 z.any()', z3.any(), /empty JSON Schema/],
      ['z.string()', z.string(), /must be an object schema/],
      ['zod 3 z.string()', z3.string(), /must be an object schema/],
      ['z.array()', z.array(z.object({ a: z.string() })), /must be an object schema/],
    ])('rejects input %s', (_label, input, message) => {
      const error = errorOf(() => defineTool({ ...base, input: input as never }));
      expect(error.option).toBe('input');
      expect(error.message).toContain('defineTool("my_tool")');
      expect(error.message).toMatch(message);
    });

    it('rejects an output that is not a zod schema', () => {
      const error = errorOf(() => defineTool({ ...base, output: { type: 'object' } } as never));
      expect(error.option).toBe('output');
    });
  });
});

describe('defineTool inside an agent', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs a tool without parameters when the model sends "" as arguments', async () => {
    const seen: unknown[] = [];
    const now = defineTool({
      name: 'get_time',
      description: 'Current time',
      input: z.object({}),
      execute: (input) => {
        seen.push(input);
        return '12:00';
      },
    });
    const model = scriptedModel({
      turns: [
        { toolCalls: [{ toolName: 'get_time', arguments: '' }] },
        { toolCalls: [{ toolName: 'get_time', arguments: '{}' }] },
        { text: '정오입니다.' },
      ],
    });
    const result = await createAgent({ model, tools: [now] }).run('몇 시야?');
    expect(model.calls[0]?.tools).toEqual([
      { name: 'get_time', description: 'Current time', parameters: { type: 'object', properties: {} } },
    ]);
    expect(seen).toEqual([{}, {}]);
    expect(result.toolCalls.map((call) => [call.isError, call.output])).toEqual([
      [false, '12:00'],
      [false, '12:00'],
    ]);
    expect(result.text).toBe('정오입니다.');
  });

  it('feeds schema failures back to the model with the readable issue list', async () => {
    const tool = defineTool({
      name: 'get_weather',
      description: 'd',
      input: weatherInput,
      execute: () => 'sunny',
    });
    const model = scriptedModel({
      turns: [{ toolCalls: [{ toolName: 'get_weather', arguments: { city: 42 } }] }, { text: 'sorry' }],
    });
    await createAgent({ model, tools: [tool] }).run('weather?');
    const toolMessage = model.calls[1]?.messages.find((message) => message.role === 'tool');
    expect(toolMessage?.content).toContain('city: Invalid input: expected string, received number');
  });

  it('honours timeoutMs: a tool that never resolves becomes a tool error the model reads', async () => {
    vi.useFakeTimers();
    let aborted = false;
    const stuck = defineTool({
      name: 'stuck',
      description: 'never finishes',
      input: z.object({}),
      timeoutMs: 1000,
      execute: (_input, { signal }) =>
        new Promise<string>(() => {
          signal.addEventListener('abort', () => {
            aborted = true;
          });
        }),
    });
    const model = scriptedModel({
      turns: [{ toolCalls: [{ toolName: 'stuck', arguments: {} }] }, { text: 'gave up' }],
    });
    const running = createAgent({ model, tools: [stuck] }).run('go');
    await vi.advanceTimersByTimeAsync(999);
    expect(model.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    const result = await running;
    expect(aborted).toBe(true);
    expect(result.toolCalls[0]).toMatchObject({ toolName: 'stuck', isError: true });
    const toolMessage = model.calls[1]?.messages.find((message) => message.role === 'tool');
    expect(toolMessage?.content).toBe('Error: Tool "stuck" did not finish within 1000 ms.');
    expect(result.text).toBe('gave up');
  });

  it('createAgent rejects two tools with the same name', () => {
    const make = () => defineTool({ name: 'dup', description: 'd', input: z.object({}), execute: () => 1 });
    const model = scriptedModel({ turns: [] });
    expect(() => createAgent({ model, tools: [make(), make()] })).toThrow(InvalidOptionError);
    expect(() => createAgent({ model, tools: [make(), make()] })).toThrow('two tools are named "dup"');
  });
});
