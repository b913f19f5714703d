import type { ModelRequest } from '@toolloop/core';
import { describe, expect, it } from 'vitest';
import { requestBodyValidator } from '../test-utils.js';
import { buildRequestBody } from './build-request-body.js';

const weatherTool = {
  name: 'get_weather',
  description: '특정 도시의 날씨 정보를 가져옵니다',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
    required: ['city'],
  },
};

const toolRound: ModelRequest['messages'] = [
  { role: 'system', content: '간결하게 답변해주세요.' },
  { role: 'user', content: '서울 날씨 어때?' },
  {
    role: 'assistant',
    content: '',
    toolCalls: [{ toolCallId: 'call_1', toolName: 'get_weather', arguments: '{"city":"서울"}' }],
  },
  { role: 'tool', toolCallId: 'call_1', toolName: 'get_weather', content: '{"temperature":21}' },
];

const cases: Array<{ name: string; request: ModelRequest; stream?: boolean; legacy?: boolean }> = [
  { name: 'text', request: { messages: [{ role: 'user', content: '안녕' }] } },
  {
    name: 'parts with images',
    request: {
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: '이 이미지에 무엇이 있나요?' },
            { type: 'image', url: 'https://example.com/cat.png', detail: 'high' },
            { type: 'image', data: new Uint8Array([137, 80, 78, 71]), mimeType: 'image/png' },
            { type: 'image', data: 'iVBORw0KGgo=', mimeType: 'image/png', detail: 'low' },
          ],
        },
      ],
    },
  },
  {
    name: 'tools and tool results',
    request: { messages: toolRound, tools: [weatherTool], toolChoice: 'auto' },
  },
  {
    name: 'named tool choice, strict tool',
    request: {
      messages: [{ role: 'user', content: 'x' }],
      tools: [{ ...weatherTool, strict: true }],
      toolChoice: { name: 'get_weather' },
    },
  },
  {
    name: 'every setting',
    request: {
      messages: [{ role: 'user', content: 'x' }],
      tools: [weatherTool],
      toolChoice: 'required',
      settings: {
        maxTokens: 256,
        temperature: 0,
        topP: 0.9,
        stop: ['\n\n'],
        seed: 7,
        presencePenalty: 0.5,
        frequencyPenalty: -0.5,
        parallelToolCalls: false,
        user: 'user-42',
      },
    },
  },
  { name: 'stream', request: { messages: [{ role: 'user', content: 'x' }] }, stream: true },
  {
    name: 'strict json_schema response format with tools',
    request: {
      messages: [{ role: 'user', content: 'x' }],
      tools: [weatherTool],
      responseFormat: {
        type: 'json-schema',
        name: 'weather',
        description: 'the weather report',
        schema: weatherTool.parameters,
        strict: true,
      },
    },
  },
  {
    name: 'json_object response format',
    request: { messages: [{ role: 'user', content: 'JSON please' }], responseFormat: { type: 'json' } },
  },
  {
    name: 'legacy functions round trip',
    request: { messages: toolRound, tools: [weatherTool], toolChoice: 'required' },
    legacy: true,
  },
];

describe('buildRequestBody', () => {
  it.each(cases)(
    '$name: the body validates against CreateChatCompletionRequest',
    ({ request, stream, legacy }) => {
      const validate = requestBodyValidator();
      const body = buildRequestBody({
        modelId: 'gpt-4o-mini',
        request,
        stream: stream ?? false,
        legacyFunctions: legacy ?? false,
      });
      const valid = validate(JSON.parse(JSON.stringify(body)));
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    },
  );

  it('maps image parts to image_url, bytes to a base64 data URL', () => {
    const body = buildRequestBody({ modelId: 'm', request: cases[1]!.request, stream: false });
    expect(body.messages[0]).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: '이 이미지에 무엇이 있나요?' },
        { type: 'image_url', image_url: { url: 'https://example.com/cat.png', detail: 'high' } },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw==' } },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' } },
      ],
    });
  });

  it('sends assistant tool calls with content null and tool results by id', () => {
    const body = buildRequestBody({
      modelId: 'm',
      request: { messages: toolRound, tools: [weatherTool] },
      stream: false,
    });
    expect(body.messages.slice(2)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"서울"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '{"temperature":21}' },
    ]);
    expect(body.tools).toEqual([{ type: 'function', function: weatherTool }]);
  });

  it('maps settings to snake_case and leaves undefined ones out', () => {
    const body = buildRequestBody({ modelId: 'm', request: cases[4]!.request, stream: false });
    expect(body).toMatchObject({
      max_tokens: 256,
      temperature: 0,
      top_p: 0.9,
      stop: ['\n\n'],
      seed: 7,
      presence_penalty: 0.5,
      frequency_penalty: -0.5,
      parallel_tool_calls: false,
      user: 'user-42',
      tool_choice: 'required',
    });
    const bare = buildRequestBody({
      modelId: 'm',
      request: { messages: [], settings: { temperature: 1 } },
      stream: false,
    });
    expect(Object.keys(bare)).toEqual(['model', 'messages', 'temperature']);
  });

  it('puts maxTokens in max_completion_tokens when compat asks for it', () => {
    const body = buildRequestBody({
      modelId: 'o3-mini',
      request: { messages: [{ role: 'user', content: 'x' }], settings: { maxTokens: 10 } },
      stream: false,
      maxTokensField: 'max_completion_tokens',
    });
    expect(body.max_completion_tokens).toBe(10);
    expect(body).not.toHaveProperty('max_tokens');
    expect(requestBodyValidator()(body)).toBe(true);
  });

  it('maps responseFormat to response_format (json_schema with name, schema and strict; json → json_object)', () => {
    const messages: ModelRequest['messages'] = [{ role: 'user', content: 'x' }];
    const schema = { type: 'object', properties: {}, required: [], additionalProperties: false };
    const strict = buildRequestBody({
      modelId: 'm',
      stream: false,
      request: { messages, responseFormat: { type: 'json-schema', name: 'answer', schema, strict: false } },
    });
    expect(strict.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'answer', schema, strict: false },
    });
    const json = buildRequestBody({
      modelId: 'm',
      stream: false,
      request: { messages, responseFormat: { type: 'json' } },
    });
    expect(json.response_format).toEqual({ type: 'json_object' });
    expect(buildRequestBody({ modelId: 'm', stream: false, request: { messages } })).not.toHaveProperty(
      'response_format',
    );
  });

  it('asks for usage on streams', () => {
    const body = buildRequestBody({ modelId: 'm', request: { messages: [] }, stream: true });
    expect(body.stream).toBe(true);
    expect(body.stream_options).toEqual({ include_usage: true });
  });

  it('speaks legacy functions: functions, function_call and role function', () => {
    const body = buildRequestBody({
      modelId: 'gpt-3.5-turbo-0613',
      request: { messages: toolRound, tools: [weatherTool], toolChoice: { name: 'get_weather' } },
      stream: false,
      legacyFunctions: true,
    });
    expect(body.functions).toEqual([weatherTool]);
    expect(body.function_call).toEqual({ name: 'get_weather' });
    expect(body).not.toHaveProperty('tools');
    expect(body.messages.slice(2)).toEqual([
      {
        role: 'assistant',
        content: null,
        function_call: { name: 'get_weather', arguments: '{"city":"서울"}' },
      },
      { role: 'function', name: 'get_weather', content: '{"temperature":21}' },
    ]);
  });

  it('merges extraBody last', () => {
    const body = buildRequestBody({
      modelId: 'm',
      request: { messages: [] },
      stream: false,
      extraBody: { reasoning_effort: 'low', temperature: 0.2 },
    });
    expect(body).toMatchObject({ reasoning_effort: 'low', temperature: 0.2 });
  });
});
