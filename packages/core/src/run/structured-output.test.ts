import { describe, expect, expectTypeOf, it } from 'vitest';
import type { OutputSpec } from '../output/output-spec.js';
import { OutputValidationError } from '../output/output-validation-error.js';
import { scriptedModel } from '../test/scripted-model.js';
import { objectTool } from '../test/test-tools.js';
import { createAgent } from './create-agent.js';
import type { AgentEvent } from './types.js';

interface Weather {
  city: string;
  temperature: number;
  note?: string;
}

/** A hand-written spec (core has no zod): `note` is optional, rewritten nullable for strict mode. */
const weatherOutput: OutputSpec<Weather> = {
  name: 'weather',
  jsonSchema: {
    type: 'object',
    properties: {
      city: { type: 'string' },
      temperature: { type: 'number' },
      note: { type: ['string', 'null'] },
    },
    required: ['city', 'temperature', 'note'],
    additionalProperties: false,
  },
  strict: true,
  parse(value) {
    const object = value as Record<string, unknown>;
    if (typeof object?.city !== 'string') return { success: false, error: 'city: expected string' };
    if (typeof object.temperature !== 'number')
      return { success: false, error: 'temperature: expected number' };
    const data: Weather = { city: object.city, temperature: object.temperature };
    if (typeof object.note === 'string') data.note = object.note;
    return { success: true, data };
  },
};

/** The OutputValidationError a run rejects with (fails the test when it resolves). */
async function failureOf(run: Promise<unknown>): Promise<OutputValidationError> {
  const error = await run.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(OutputValidationError.isInstance(error)).toBe(true);
  return error as OutputValidationError;
}

const seoul = JSON.stringify({ city: '서울', temperature: 21, note: null });

describe('structured output', () => {
  it('sends the schema as a strict response format and returns the validated, typed answer', async () => {
    const model = scriptedModel({ turns: [{ text: seoul }] });
    const agent = createAgent({ model, output: weatherOutput });
    const result = await agent.run('서울 날씨?');
    expectTypeOf(result.output).toEqualTypeOf<Weather>();
    expect(result.output).toEqual({ city: '서울', temperature: 21 });
    expect(model.calls[0]!.responseFormat).toEqual({
      type: 'json-schema',
      name: 'weather',
      schema: weatherOutput.jsonSchema,
      strict: true,
    });
  });

  it('runs tools as usual and takes the typed answer from the final step', async () => {
    const model = scriptedModel({
      turns: [{ toolCalls: [{ toolName: 'get_weather', arguments: { city: '서울' } }] }, { text: seoul }],
    });
    const tool = objectTool({ name: 'get_weather', execute: () => ({ temperature: 21 }) });
    const agent = createAgent({ model, tools: [tool], output: weatherOutput });
    const result = await agent.run('서울 날씨?');
    expect(result.toolCalls).toHaveLength(1);
    expect(result.output.temperature).toBe(21);
    expect(model.calls.every((call) => call.responseFormat?.type === 'json-schema')).toBe(true);
  });

  it('gives one repair round: the validation error goes back to the model, which fixes its answer', async () => {
    const model = scriptedModel({ turns: [{ text: '{"city":"서울"}' }, { text: seoul }] });
    const result = await createAgent({ model, output: weatherOutput }).run('서울 날씨?');
    expect(result.output.city).toBe('서울');
    const repair = model.calls[1]!.messages.at(-1)!;
    expect(repair.role).toBe('user');
    expect(repair.content).toContain('temperature: expected number');
    expect(result.steps).toHaveLength(2);
  });

  it('throws OutputValidationError with the text, the issues and the usage after a failed repair', async () => {
    const model = scriptedModel({
      turns: [
        { text: 'not json', usage: { inputTokens: 10, outputTokens: 2 } },
        { text: '{"city":1}', usage: { inputTokens: 20, outputTokens: 3 } },
      ],
    });
    const failure = await failureOf(createAgent({ model, output: weatherOutput }).run('서울 날씨?'));
    expect(failure.text).toBe('{"city":1}');
    expect(failure.issues).toBe('city: expected string');
    expect(failure.usage).toMatchObject({ inputTokens: 30, outputTokens: 5, totalTokens: 35 });
    expect(failure.message).toContain('repair');
    expect(model.calls).toHaveLength(2);
  });

  it('does not retry a refusal', async () => {
    const model = scriptedModel({ turns: [{ text: '', refusal: 'I cannot help with that.' }] });
    const error = await failureOf(createAgent({ model, output: weatherOutput }).run('?'));
    expect(error.issues).toContain('refused');
    expect(model.calls).toHaveLength(1);
  });

  it('fails with the stop reason when the run ends before any answer (max steps)', async () => {
    const tool = objectTool({ name: 'loop', execute: () => 'again' });
    const model = scriptedModel({ turns: [{ toolCalls: [{ toolName: 'loop' }] }] });
    const error = await failureOf(
      createAgent({ model, tools: [tool], output: weatherOutput, maxSteps: 1 }).run('?'),
    );
    expect(error.issues).toContain('max-steps');
  });

  it('tool strategy: the answer is a required final_answer call, and the conversation stays continuable', async () => {
    const model = scriptedModel({
      turns: [{ toolCalls: [{ toolName: 'final_answer', arguments: seoul }] }],
    });
    const result = await createAgent({ model, output: weatherOutput, outputStrategy: 'tool' }).run('서울?');
    expect(result.output).toEqual({ city: '서울', temperature: 21 });
    const call = model.calls[0]!;
    expect(call.responseFormat).toBeUndefined();
    expect(call.toolChoice).toBe('required');
    expect(call.tools?.map((tool) => [tool.name, tool.strict])).toEqual([['final_answer', true]]);
    expect(result.messages.at(-1)).toMatchObject({ role: 'tool', toolCallId: 'call_1_1' });
  });

  it('tool strategy: an invalid final answer is returned to the model as a tool error', async () => {
    const model = scriptedModel({
      turns: [
        { toolCalls: [{ toolName: 'final_answer', arguments: { city: '서울' } }] },
        { toolCalls: [{ toolName: 'final_answer', arguments: seoul }] },
      ],
    });
    const result = await createAgent({ model, output: weatherOutput, outputStrategy: 'tool' }).run('?');
    expect(result.output.temperature).toBe(21);
    expect(model.calls[1]!.messages.at(-1)).toMatchObject({ role: 'tool', isError: true });
  });

  it('tool strategy refuses a user tool named final_answer', async () => {
    const tool = objectTool({ name: 'final_answer', execute: () => '' });
    const agent = createAgent({ model: scriptedModel({ turns: [] }), tools: [tool], output: weatherOutput });
    await expect(agent.run('?', { outputStrategy: 'tool' })).rejects.toThrow(/reserves/);
  });

  it('json strategy: JSON mode, with the schema in a system message', async () => {
    const model = scriptedModel({ turns: [{ text: seoul }] });
    const result = await createAgent({ model, instructions: '간결하게', output: weatherOutput }).run('?', {
      outputStrategy: 'json',
    });
    expect(result.output.city).toBe('서울');
    const call = model.calls[0]!;
    expect(call.responseFormat).toEqual({ type: 'json' });
    expect(call.messages[1]).toMatchObject({ role: 'system' });
    expect(call.messages[1]!.content).toContain('"temperature"');
  });

  it('the model declares its strategy; the agent option overrides it', async () => {
    const model = {
      ...scriptedModel({ turns: [{ text: seoul }, { text: seoul }] }),
      structuredOutput: 'json' as const,
    };
    await createAgent({ model, output: weatherOutput }).run('?');
    await createAgent({ model, output: weatherOutput, outputStrategy: 'json-schema' }).run('?');
    expect(model.calls.map((call) => call.responseFormat?.type)).toEqual(['json', 'json-schema']);
  });

  it('a run can ask for its own output type', async () => {
    const model = scriptedModel({ turns: [{ text: seoul }] });
    const agent = createAgent({ model });
    const result = await agent.run('?', { output: weatherOutput });
    expectTypeOf(result.output).toEqualTypeOf<Weather>();
    expect(result.output.city).toBe('서울');
  });

  it('streams unvalidated partial objects, then the validated answer', async () => {
    const model = scriptedModel({ turns: [{ text: seoul }], chunkChars: 5 });
    const events: AgentEvent<Weather>[] = [];
    for await (const event of createAgent({ model, output: weatherOutput }).stream('?')) events.push(event);
    const partials = events.filter((event) => event.type === 'partial-output');
    expect(partials.length).toBeGreaterThan(2);
    expect(partials[0]).toMatchObject({ validated: false });
    expect(partials.at(-1)).toMatchObject({ partial: { city: '서울', temperature: 21, note: null } });
    const output = events.find((event) => event.type === 'output');
    expect(output).toMatchObject({ output: { city: '서울', temperature: 21 } });
    expect(events.at(-1)?.type).toBe('run-finish');
  });

  it('streams partial objects from the final_answer arguments under the tool strategy', async () => {
    const model = scriptedModel({ turns: [{ toolCalls: [{ toolName: 'final_answer', arguments: seoul }] }] });
    const events: AgentEvent<Weather>[] = [];
    const agent = createAgent({ model, output: weatherOutput, outputStrategy: 'tool' });
    for await (const event of agent.stream('?')) events.push(event);
    expect(events.some((event) => event.type === 'partial-output')).toBe(true);
    expect(events.find((event) => event.type === 'output')).toMatchObject({ output: { city: '서울' } });
  });

  it('says to wrap a bare zod schema with defineOutput', async () => {
    const agent = createAgent({ model: scriptedModel({ turns: [] }) });
    const zodLike = { _zod: { def: {} }, safeParse: () => ({}) } as unknown as OutputSpec;
    await expect(agent.run('?', { output: zodLike })).rejects.toThrow(/defineOutput\(\{ schema \}\)/);
  });

  it('leaves runs without output untouched', async () => {
    const model = scriptedModel({ turns: [{ text: 'hi' }] });
    const result = await createAgent({ model }).run('?');
    expect(result.output).toBeUndefined();
    expect(model.calls[0]!.responseFormat).toBeUndefined();
  });
});
