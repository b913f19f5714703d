import { describe, expect, it } from 'vitest';
import type { Message } from '../messages/message.js';
import { testPng as png } from '../test/test-png.js';
import { approximateTokens } from './approximate-tokens.js';
import { countTokens, loadTokenizer } from './count-tokens.js';
import { estimateMessagesTokens, estimateRequestTokens } from './estimate-request-tokens.js';

const messages: Message[] = [
  { role: 'system', content: '간결하게 답변해주세요.' },
  {
    role: 'user',
    content: [
      { type: 'text', text: '이 사진 속 날씨는?' },
      { type: 'image', data: png(1024, 1024), mimeType: 'image/png', detail: 'high' },
    ],
  },
  { role: 'assistant', content: '', toolCalls: [{ toolCallId: '1', toolName: 'f', arguments: '{}' }] },
  { role: 'tool', toolCallId: '1', toolName: 'f', content: '맑음' },
];

describe('estimateRequestTokens (the one estimate before a call)', () => {
  it('equals countTokens once the tokenizer is loaded, images included, and reserves maxTokens of output', async () => {
    await loadTokenizer({ model: 'gpt-4o-mini' });
    const estimate = estimateRequestTokens(
      { messages, settings: { maxTokens: 10 } },
      { model: 'gpt-4o-mini' },
    );
    expect(estimate).toEqual({
      inputTokens: await countTokens(messages, { model: 'gpt-4o-mini' }),
      outputTokens: 10,
    });
    // A 1024×1024 high-detail image alone is 765 tokens for gpt-4o-mini's rule (4 tiles + base).
    expect(estimate.inputTokens).toBeGreaterThan(765);
  });

  it('reserves no output when maxTokens is unset', () => {
    expect(
      estimateRequestTokens({ messages: [{ role: 'user', content: 'abcdefgh' }] }, { model: 'x' })
        .outputTokens,
    ).toBe(0);
  });

  it('uses the script-aware approximation for a model without a tokenizer', () => {
    const text = '서울의 현재 날씨를 알려주실 수 있을까요?';
    const inputTokens = estimateRequestTokens(
      { messages: [{ role: 'user', content: text }] },
      { model: 'llama3.1:8b' },
    ).inputTokens;
    expect(inputTokens).toBe(approximateTokens(text) + 3 + 1 + 3);
    expect(inputTokens).toBeGreaterThan(Math.ceil(text.length / 4));
  });

  it('counts turns added to a conversation without a second reply priming', async () => {
    await loadTokenizer({ model: 'gpt-4o-mini' });
    const whole = await countTokens(messages, { model: 'gpt-4o-mini' });
    const head = await countTokens(messages.slice(0, 2), { model: 'gpt-4o-mini' });
    expect(head + estimateMessagesTokens(messages.slice(2), { model: 'gpt-4o-mini' })).toBe(whole);
    expect(estimateMessagesTokens([], { model: 'gpt-4o-mini' })).toBe(0);
  });
});
