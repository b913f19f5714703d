import { APICallError } from '@toolloop/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../provider/resolve-config.js';
import { parseCompletion } from './parse-completion.js';

const config = resolveConfig('gpt-4o-mini', {
  baseURL: 'http://127.0.0.1:9/v1',
  apiKey: 'sk-canary-parse-123456',
});
const completion = (message: unknown) =>
  JSON.stringify({
    id: 'c1',
    object: 'chat.completion',
    choices: [{ index: 0, message, finish_reason: 'tool_calls' }],
  });
const parse = (text: string) => parseCompletion({ config, status: 200, headers: {}, text });

function outcome(text: string): unknown {
  try {
    return parse(text);
  } catch (error) {
    return error;
  }
}

describe('parseCompletion with hostile or malformed tool calls', () => {
  it.each([
    ['a null tool call', { role: 'assistant', tool_calls: [null] }, /tool_calls\[0\] is null/],
    [
      'an array-like object',
      { role: 'assistant', tool_calls: { length: 2 } },
      /tool_calls is an object, not an array/,
    ],
    [
      'a name that is an object',
      { tool_calls: [{ id: 'c', type: 'function', function: { name: {}, arguments: '{}' } }] },
      /function\.name is an object/,
    ],
    ['a missing function', { tool_calls: [{ id: 'c', type: 'function' }] }, /function is undefined/],
    ['a numeric id', { tool_calls: [{ id: 7, function: { name: 'f', arguments: '{}' } }] }, /\.id is number/],
    [
      'arguments that are a number',
      { tool_calls: [{ id: 'c', function: { name: 'f', arguments: 42 } }] },
      /arguments is number/,
    ],
    ['a string message', 'hello', /message is string/],
    [
      'a legacy function_call without a name',
      { function_call: { arguments: '{}' } },
      /function_call\.function\.name/,
    ],
  ])('%s is an APICallError naming the field, never a raw TypeError', (_what, message, pattern) => {
    const error = outcome(completion(message));
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).message).toMatch(pattern);
    expect((error as APICallError).isRetryable).toBe(false);
  });

  it('still accepts what real servers send: object arguments (Ollama), empty ids (Gemini), null tool_calls', () => {
    const ollama = parse(
      completion({ tool_calls: [{ function: { name: 'get_weather', arguments: { city: '서울' } } }] }),
    );
    expect(ollama.toolCalls).toEqual([
      { toolCallId: 'call_0', toolName: 'get_weather', arguments: '{"city":"서울"}' },
    ]);
    const gemini = parse(
      completion({ tool_calls: [{ id: '', type: 'function', function: { name: 'f', arguments: '{}' } }] }),
    );
    expect(gemini.toolCalls[0]?.toolCallId).toBe('call_0');
    expect(parse(completion({ content: '안녕', tool_calls: null })).text).toBe('안녕');
  });

  it('any JSON where the message or its tool calls go gives a response or an APICallError (property)', () => {
    const toolCall = fc.record(
      {
        id: fc.oneof(fc.string(), fc.jsonValue()),
        type: fc.constant('function'),
        function: fc.oneof(
          fc.record({ name: fc.oneof(fc.string(), fc.jsonValue()), arguments: fc.jsonValue() }),
          fc.jsonValue(),
        ),
      },
      { requiredKeys: [] },
    );
    const message = fc.oneof(
      fc.jsonValue(),
      fc.record({
        content: fc.jsonValue(),
        tool_calls: fc.oneof(fc.array(fc.oneof(toolCall, fc.jsonValue())), fc.jsonValue()),
      }),
    );
    fc.assert(
      fc.property(message, (value) => {
        const result = outcome(completion(value));
        if (result instanceof Error) {
          expect(APICallError.isInstance(result)).toBe(true);
          expect(result.message).not.toContain('sk-canary-parse-123456');
          return;
        }
        const response = result as ReturnType<typeof parse>;
        expect(typeof response.text).toBe('string');
        for (const call of response.toolCalls) {
          expect(typeof call.toolCallId).toBe('string');
          expect(typeof call.toolName).toBe('string');
          expect(typeof call.arguments).toBe('string');
        }
      }),
      { numRuns: 1000 },
    );
  });
});
