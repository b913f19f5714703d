import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../server/start-simulator.js';
import { post, weatherTool } from '../test-utils.js';
import type { ChatRequestBody, Simulator } from '../types.js';
import { loadTokenizer, type Tokenizer } from '../wire/tokenizer.js';
import { rulePolicy } from './rule-policy.js';
import { strictSchemaProblem } from './strict-schema-problem.js';

const schema = {
  type: 'object',
  properties: {
    city: { type: 'string' },
    temperature: { type: 'number' },
    note: { type: ['string', 'null'] },
  },
  required: ['city', 'temperature', 'note'],
  additionalProperties: false,
};

let tokenizer: Tokenizer;
beforeAll(async () => {
  tokenizer = await loadTokenizer('o200k_base');
});

const jsonSchemaFormat = { type: 'json_schema', json_schema: { name: 'weather', schema, strict: true } };

describe('rulePolicy with response_format', () => {
  it('answers json_schema with an object of the schema, taking fields from tool results', () => {
    const request: ChatRequestBody = {
      messages: [
        { role: 'user', content: '서울 날씨?' },
        { role: 'assistant', content: null, tool_calls: [] } as never,
        { role: 'tool', tool_call_id: 'c1', content: '{"city":"서울","temperature":21.5}' } as never,
      ],
      response_format: jsonSchemaFormat,
    };
    const answer = rulePolicy(request, tokenizer);
    expect(JSON.parse(answer.text!)).toEqual({ city: '서울', temperature: 21.5, note: '서울 날씨?' });
    expect(answer.finishReason).toBe('stop');
  });

  it('reads the schema from the system prompt in JSON mode', () => {
    const request: ChatRequestBody = {
      messages: [
        { role: 'system', content: `Answer with JSON matching:\n${JSON.stringify(schema)}` },
        { role: 'user', content: '부산?' },
      ],
      response_format: { type: 'json_object' },
    };
    expect(JSON.parse(rulePolicy(request, tokenizer).text!)).toMatchObject({ city: '부산', temperature: 1 });
  });

  it('wraps its text answer as { answer } in JSON mode without a schema', () => {
    const request: ChatRequestBody = {
      messages: [{ role: 'user', content: 'hi' }],
      response_format: { type: 'json_object' },
    };
    expect(Object.keys(JSON.parse(rulePolicy(request, tokenizer).text!))).toEqual(['answer']);
  });

  it('still calls tools first when the prompt asks for one', () => {
    const request: ChatRequestBody = {
      messages: [{ role: 'user', content: '서울 날씨 어때?' }],
      tools: [weatherTool] as unknown as ChatRequestBody['tools'],
      response_format: jsonSchemaFormat,
    };
    expect(rulePolicy(request, tokenizer).toolCalls).toHaveLength(1);
  });
});

describe('rulePolicy with tool_choice', () => {
  const finalAnswer = {
    type: 'function',
    function: { name: 'final_answer', description: 'Give the final answer', parameters: schema },
  };
  const afterTool: ChatRequestBody['messages'] = [
    { role: 'user', content: '서울 날씨?' },
    { role: 'tool', tool_call_id: 'c1', content: '{"city":"서울","temperature":21.5}' } as never,
  ];

  it('calls the answer tool with the answer as arguments when a tool is required', () => {
    const request: ChatRequestBody = {
      messages: afterTool,
      tools: [weatherTool, finalAnswer] as unknown as ChatRequestBody['tools'],
      tool_choice: 'required',
    };
    const answer = rulePolicy(request, tokenizer);
    expect(answer.finishReason).toBe('tool_calls');
    expect(answer.toolCalls[0]!.name).toBe('final_answer');
    expect(JSON.parse(answer.toolCalls[0]!.arguments)).toMatchObject({ city: '서울', temperature: 21.5 });
  });

  it('calls the tool tool_choice names', () => {
    const request: ChatRequestBody = {
      messages: afterTool,
      tools: [finalAnswer, weatherTool] as unknown as ChatRequestBody['tools'],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
    };
    expect(rulePolicy(request, tokenizer).toolCalls[0]!.name).toBe('get_weather');
  });

  it('answers in text after tool results when no tool is required', () => {
    const request: ChatRequestBody = {
      messages: afterTool,
      tools: [finalAnswer] as unknown as ChatRequestBody['tools'],
    };
    expect(rulePolicy(request, tokenizer).toolCalls).toEqual([]);
  });
});

describe('strictSchemaProblem', () => {
  it('accepts a strict schema', () => {
    expect(strictSchemaProblem(schema)).toBeUndefined();
  });

  it.each([
    [
      { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
      "'additionalProperties' is required",
    ],
    [{ ...schema, required: ['city'] }, "Missing 'temperature'"],
    [
      {
        ...schema,
        properties: { ...schema.properties, inner: { type: 'object', properties: {} } },
        required: [...schema.required, 'inner'],
      },
      "context=('properties', 'inner')",
    ],
  ])('names the rule a schema breaks, like OpenAI (%#)', (bad, message) => {
    expect(strictSchemaProblem(bad)).toContain(message);
  });
});

describe('the server with response_format', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(() => sim.close());

  it('answers 400 invalid_request_error for a strict schema strict mode rejects, before any scripted turn', async () => {
    sim.script({ text: 'never sent' });
    const response = await post(`${sim.url}/chat/completions`, {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'x' }],
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'x', schema: { type: 'object', properties: {} }, strict: true },
      },
    });
    expect(response.status).toBe(400);
    const { error } = JSON.parse(response.text);
    expect(error).toMatchObject({ type: 'invalid_request_error', param: 'response_format' });
    expect(error.message).toMatch(/^Invalid schema for response_format 'x': In context=\(\)/);
  });

  it('serves the same request non-strict', async () => {
    sim.reset();
    const response = await post(`${sim.url}/chat/completions`, {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: '제주 날씨?' }],
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'x', schema: { type: 'object', properties: { city: { type: 'string' } } } },
      },
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(JSON.parse(response.text).choices[0].message.content)).toEqual({ city: '제주' });
  });
});

describe('fillArguments with strict-mode schemas', () => {
  it('fills an optional enum sent as anyOf [enum, null] with a valid value, not the prompt', async () => {
    const { fillArguments } = await import('./fill-arguments.js');
    const strict = {
      type: 'object',
      properties: {
        city: { type: 'string' },
        unit: { anyOf: [{ type: 'string', enum: ['celsius', 'fahrenheit'] }, { type: 'null' }] },
      },
      required: ['city', 'unit'],
      additionalProperties: false,
    };
    expect(fillArguments(strict, 'What is the weather in Seoul?', 'Seoul')).toEqual({
      city: 'Seoul',
      unit: 'celsius',
    });
    expect(fillArguments(strict, '화씨로 알려줘', '서울')).toEqual({ city: '서울', unit: 'fahrenheit' });
  });
});
