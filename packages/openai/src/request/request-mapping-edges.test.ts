import type { Message } from '@toolloop/core';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../provider/resolve-config.js';
import { closeServers } from '../test-utils.js';
import { buildRequestBody } from './build-request-body.js';

afterEach(closeServers);

describe('request mapping', () => {
  it('legacy functions: an assistant turn with two calls becomes two call/result pairs', () => {
    const messages: Message[] = [
      { role: 'user', content: '서울과 부산 날씨?' },
      {
        role: 'assistant',
        content: '',
        toolCalls: [
          { toolCallId: 'c1', toolName: 'get_weather', arguments: '{"city":"서울"}' },
          { toolCallId: 'c2', toolName: 'get_weather', arguments: '{"city":"부산"}' },
        ],
      },
      { role: 'tool', toolCallId: 'c1', toolName: 'get_weather', content: '{"t":21}' },
      { role: 'tool', toolCallId: 'c2', toolName: 'get_weather', content: '{"t":24}' },
    ];
    const body = buildRequestBody({
      modelId: 'gpt-3.5-turbo-0613',
      request: { messages },
      stream: false,
      legacyFunctions: true,
    });
    expect(body.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: null,
        function_call: { name: 'get_weather', arguments: '{"city":"서울"}' },
      },
      { role: 'function', name: 'get_weather', content: '{"t":21}' },
      {
        role: 'assistant',
        content: null,
        function_call: { name: 'get_weather', arguments: '{"city":"부산"}' },
      },
      { role: 'function', name: 'get_weather', content: '{"t":24}' },
    ]);
  });

  it('OpenAI reasoning models get max_completion_tokens by default; others and explicit compat keep theirs', () => {
    const field = (modelId: string, baseURL: string, compat?: { maxTokensField: 'max_tokens' }) =>
      resolveConfig(modelId, { baseURL, apiKey: 'sk-x', ...(compat ? { compat } : {}) }).maxTokensField;
    expect(field('o3-mini', 'https://api.openai.com/v1')).toBe('max_completion_tokens');
    expect(field('o1', 'https://api.openai.com/v1')).toBe('max_completion_tokens');
    expect(field('gpt-5-mini', 'https://api.openai.com/v1')).toBe('max_completion_tokens');
    expect(field('gpt-4o-mini', 'https://api.openai.com/v1')).toBe('max_tokens');
    expect(field('o3-mini', 'http://localhost:11434/v1')).toBe('max_tokens');
    expect(field('o3-mini', 'https://api.openai.com/v1', { maxTokensField: 'max_tokens' })).toBe(
      'max_tokens',
    );
  });
});
