import { describe, expect, it } from 'vitest';
import { mapFinishReason } from './map-finish-reason.js';
import { mapResponse } from './map-response.js';
import { mapUsage } from './map-usage.js';

describe('mapFinishReason', () => {
  it.each([
    ['stop', false, 'stop'],
    ['length', false, 'length'],
    ['tool_calls', true, 'tool-calls'],
    ['function_call', true, 'tool-calls'],
    ['content_filter', false, 'content-filter'],
    ['stop', true, 'tool-calls'],
    ['length', true, 'length'],
    ['error', false, 'error'],
    ['eos', false, 'other'],
    [null, false, 'other'],
  ] as const)('%s with tool calls %s → %s', (raw, hasToolCalls, expected) => {
    expect(mapFinishReason(raw, hasToolCalls)).toBe(expected);
  });
});

describe('mapUsage', () => {
  it('is undefined when the server sent none', () => {
    expect(mapUsage(undefined)).toBeUndefined();
    expect(mapUsage(null)).toBeUndefined();
  });

  it("reads DeepSeek's prompt_cache_hit_tokens as cached input", () => {
    expect(
      mapUsage({ prompt_tokens: 100, completion_tokens: 20, total_tokens: 120, prompt_cache_hit_tokens: 64 }),
    ).toEqual({ inputTokens: 100, outputTokens: 20, totalTokens: 120, cachedInputTokens: 64 });
  });

  it('computes a missing total', () => {
    expect(mapUsage({ prompt_tokens: 3, completion_tokens: 4 })).toEqual({
      inputTokens: 3,
      outputTokens: 4,
      totalTokens: 7,
    });
  });
});

describe('mapResponse', () => {
  it('keeps arguments "" as "" and numbers missing ids by position', () => {
    const response = mapResponse({
      body: {
        choices: [
          {
            message: {
              content: 'checking',
              tool_calls: [
                { id: 'call_a', function: { name: 'a', arguments: '' } },
                { function: { name: 'b', arguments: '{}' } },
              ],
            },
            finish_reason: 'stop',
          },
        ],
      },
    });
    expect(response.text).toBe('checking');
    expect(response.toolCalls).toEqual([
      { toolCallId: 'call_a', toolName: 'a', arguments: '' },
      { toolCallId: 'call_1', toolName: 'b', arguments: '{}' },
    ]);
    expect(response.finishReason).toBe('tool-calls');
    expect(response.rawFinishReason).toBe('stop');
    expect(response.usage).toBeUndefined();
  });

  it('reads reasoning_content (DeepSeek)', () => {
    const response = mapResponse({
      body: { choices: [{ message: { content: '4', reasoning_content: '2+2' }, finish_reason: 'stop' }] },
    });
    expect(response.reasoning).toBe('2+2');
  });
});
