import { type AgentEvent, APICallError, createAgent, OutputValidationError } from '@toolloop/core';
import { type Simulator, startSimulator } from '@toolloop/simulator';
import { defineOutput, defineTool } from '@toolloop/tools';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openai } from './index.js';

// Structured output through the whole stack: agent → provider → HTTP → simulator (which answers
// response_format with JSON of the schema and rejects strict schemas the way OpenAI does).
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const report = defineOutput({
  name: 'weather_report',
  schema: z.object({
    city: z.string(),
    temperature: z.number(),
    advice: z.string().optional(),
  }),
});

const getWeather = defineTool({
  name: 'get_weather',
  description: '특정 도시의 날씨 정보를 가져옵니다',
  input: z.object({ city: z.string().describe('도시 이름') }),
  execute: ({ city }) => ({ city, temperature: 23.5, condition: '맑음' }),
});

type Body = {
  response_format?: unknown;
  tools?: Array<{ function: { name: string; strict?: boolean } }>;
  tool_choice?: unknown;
};
const bodies = (): Body[] => sim.requests.map((request) => request.body as Body);

describe('structured output over HTTP', () => {
  it('sends a strict json_schema the server accepts, runs the tool, and returns the typed answer', async () => {
    const agent = createAgent({
      model: openai('gpt-4o-mini', { baseURL: sim.url, apiKey: 'sk-test' }),
      tools: [getWeather],
      output: report,
    });
    const result = await agent.run('서울 날씨 어때?');
    expect(result.toolCalls.map((call) => call.toolName)).toEqual(['get_weather']);
    expect(result.output).toMatchObject({ city: '서울', temperature: 23.5 });
    expect(bodies()[0]!.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'weather_report', schema: report.jsonSchema, strict: true },
    });
  });

  it('a strict schema that breaks the rules gets OpenAI’s 400 (what the rewrite prevents)', async () => {
    const model = openai('gpt-4o-mini', { baseURL: sim.url, apiKey: 'sk-test' });
    const broken = { ...report, jsonSchema: { type: 'object', properties: { city: { type: 'string' } } } };
    const error = await createAgent({ model, output: broken })
      .run('서울?')
      .catch((caught: unknown) => caught);
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).status).toBe(400);
    expect((error as Error).message).toContain("'additionalProperties' is required");
  });

  it('repairs once over the wire: the model sees the validation error and fixes its answer', async () => {
    sim.script({ text: '{"city":"서울","temperature":"hot","advice":null}' });
    const agent = createAgent({
      model: openai('gpt-4o-mini', { baseURL: sim.url, apiKey: 'k' }),
      output: report,
    });
    const result = await agent.run('서울 날씨?');
    expect(result.output.city).toBe('서울');
    const repair = (
      sim.requests[1]!.body as { messages: Array<{ role: string; content: string }> }
    ).messages.at(-1)!;
    expect(repair.role).toBe('user');
    expect(repair.content).toContain('temperature');
  });

  it('throws OutputValidationError with text, issues and usage when the repair fails too', async () => {
    sim.script({ text: 'no json here' }, { text: '{"city":3}' });
    const agent = createAgent({
      model: openai('gpt-4o-mini', { baseURL: sim.url, apiKey: 'k' }),
      output: report,
    });
    const error = (await agent.run('서울?').then(
      () => undefined,
      (caught: unknown) => caught,
    )) as OutputValidationError;
    expect(OutputValidationError.isInstance(error)).toBe(true);
    expect(error.text).toBe('{"city":3}');
    expect(error.issues).toMatch(/city/);
    expect(error.usage.totalTokens).toBeGreaterThan(0);
  });

  it('falls back to a final-answer tool for servers without json_schema (declared per endpoint)', async () => {
    const model = openai('gpt-4o-mini', {
      baseURL: sim.url,
      apiKey: 'k',
      compat: { structuredOutput: 'tool' },
    });
    sim.script(
      { toolCalls: [{ name: 'get_weather', arguments: { city: '부산' } }] },
      { toolCalls: [{ name: 'final_answer', arguments: { city: '부산', temperature: 23.5, advice: null } }] },
    );
    const result = await createAgent({ model, tools: [getWeather], output: report }).run('부산 날씨?');
    expect(result.output).toEqual({ city: '부산', temperature: 23.5 });
    const first = bodies()[0]!;
    expect(first.response_format).toBeUndefined();
    expect(first.tool_choice).toBe('required');
    expect(first.tools?.map((tool) => [tool.function.name, tool.function.strict])).toEqual([
      ['get_weather', undefined],
      ['final_answer', true],
    ]);
  });

  it('JSON mode: json_object plus the schema in the prompt, validated on our side', async () => {
    const model = openai('gpt-4o-mini', {
      baseURL: sim.url,
      apiKey: 'k',
      compat: { structuredOutput: 'json' },
    });
    const result = await createAgent({ model, tools: [getWeather], output: report }).run('대구 날씨?');
    expect(result.output).toMatchObject({ city: '대구', temperature: 23.5 });
    expect(bodies().at(-1)!.response_format).toEqual({ type: 'json_object' });
  });

  it('streams partial objects, then the validated one', async () => {
    const agent = createAgent({
      model: openai('gpt-4o-mini', { baseURL: sim.url, apiKey: 'k' }),
      output: report,
    });
    const events: AgentEvent<{ city: string; temperature: number; advice?: string }>[] = [];
    for await (const event of agent.stream('인천 날씨?')) events.push(event);
    const partials = events.filter((event) => event.type === 'partial-output');
    expect(partials.length).toBeGreaterThan(1);
    expect(partials[0]).toMatchObject({ validated: false });
    const output = events.find((event) => event.type === 'output');
    expect(output).toMatchObject({ output: { city: '인천' } });
  });
});
