import { describe, expect, it } from 'vitest';
import { estimateTokens } from './estimate-tokens.js';

describe('estimateTokens', () => {
  it('is maxTokens plus a quarter of the message characters, rounded up', () => {
    expect(
      estimateTokens({
        messages: [
          { role: 'system', content: 'abcd' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'efgh' },
              { type: 'image', url: 'https://x/y.png' },
            ],
          },
          {
            role: 'assistant',
            content: '',
            toolCalls: [{ toolCallId: '1', toolName: 'f', arguments: '{}' }],
          },
          { role: 'tool', toolCallId: '1', toolName: 'f', content: 'z' },
        ],
        settings: { maxTokens: 10 },
      }),
    ).toBe(10 + Math.ceil((4 + 4 + 3 + 1) / 4) + 85);
  });

  it('reserves no output when maxTokens is unset', () => {
    expect(estimateTokens({ messages: [{ role: 'user', content: 'abcdefgh' }] })).toBe(2);
  });
});
