import type { Usage } from '@toolloop/core';
import { describe, expect, it } from 'vitest';
import type { BatchResultLine } from './batch-types.js';
import { encodeLine } from './line-json.js';

/** What encodeLine writes, as text. */
function encoded(line: BatchResultLine): string {
  const buffer = Buffer.alloc(1 << 20);
  const end = encodeLine(line, buffer, 5);
  return buffer.toString('utf8', 5, end);
}

const usage: Usage = {
  inputTokens: 11,
  outputTokens: 62,
  totalTokens: 73,
  cachedInputTokens: 0,
  reasoningTokens: 0,
};

const completed = (text: string, customId = 'req-1', cost: number | null = 0.00003885): BatchResultLine => ({
  custom_id: customId,
  status: 'completed',
  text,
  stopReason: 'stop',
  usage,
  cost,
});

describe('encodeLine writes what JSON.stringify writes', () => {
  const texts = [
    '「질문 1」에 대한 답변입니다: 정의부터 시작해 장단점과 주의할 점을 비교하면 판단하기 쉬워집니다.',
    'plain ASCII answer',
    '',
    'a "quoted" word and a back\\slash',
    'a line\nbreak, a tab\t, a NUL \u0000 and a bell \u0007',
    'an emoji 🙂 (a surrogate pair)',
    'a lone surrogate \ud800 here and \udc00 there',
    'U+2028 \u2028 and U+2029 \u2029',
    '</script><!-- html -->',
  ];
  for (const text of texts) {
    it(`a completed line: ${JSON.stringify(text).slice(0, 40)}`, () => {
      const line = completed(text);
      expect(encoded(line)).toBe(JSON.stringify(line));
      expect(encoded(line)).toBe(JSON.stringify(line));
      expect(JSON.parse(encoded(line))).toEqual(line);
    });
  }

  it('a custom_id that needs escaping, a null cost, a zero cost', () => {
    for (const line of [
      completed('x', 'id "1"\n', null),
      completed('x', 'req-2', 0),
      completed('x', '요청-3', 1e-21),
    ]) {
      expect(encoded(line)).toBe(JSON.stringify(line));
      expect(encoded(line)).toBe(JSON.stringify(line));
    }
  });

  it('a failed line', () => {
    const line: BatchResultLine = {
      custom_id: 'req-9',
      status: 'failed',
      error: { code: 'api-call', message: 'The server said "no"', reason: 'expired' },
      usage,
      cost: null,
    };
    expect(encoded(line)).toBe(JSON.stringify(line));
  });

  it('encodeLine answers -1, writing nothing, when the line might not fit', () => {
    const line = completed('가'.repeat(100));
    const buffer = Buffer.alloc(200, 0x2e);
    expect(encodeLine(line, buffer, 0)).toBe(-1);
    expect(buffer.every((byte) => byte === 0x2e)).toBe(true);
  });

  it('a usage with or without its optional counts', () => {
    const base = completed('x');
    for (const usage of [
      { inputTokens: 1, outputTokens: 2, totalTokens: 3 },
      { inputTokens: 1, outputTokens: 2, totalTokens: 3, cachedInputTokens: 1 },
      { inputTokens: 1, outputTokens: 2, totalTokens: 3, reasoningTokens: 2 },
      { inputTokens: 0, outputTokens: 0, totalTokens: 0, cachedInputTokens: 0, reasoningTokens: 0 },
    ]) {
      const line = { ...base, usage };
      expect(encoded(line)).toBe(JSON.stringify(line));
    }
  });
});
