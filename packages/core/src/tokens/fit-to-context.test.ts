import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '../errors/toolloop-error.js';
import type { Message } from '../messages/message.js';
import { countTokens } from './count-tokens.js';
import { fitToContext } from './fit-to-context.js';

const long = (n: number) => '서울의 날씨와 부산의 날씨를 비교해 주세요. '.repeat(n);

/** system, then `turns` × (user question, assistant tool call, tool result, assistant answer), then a last question. */
function history(turns: number): Message[] {
  const messages: Message[] = [{ role: 'system', content: '간결하게 답변해주세요.' }];
  for (let i = 0; i < turns; i++) {
    messages.push(
      { role: 'user', content: `${i}번째 질문: ${long(5)}` },
      {
        role: 'assistant',
        content: '',
        toolCalls: [
          { toolCallId: `call_${i}`, toolName: 'get_weather', arguments: `{"city":"서울","turn":${i}}` },
        ],
      },
      {
        role: 'tool',
        toolCallId: `call_${i}`,
        toolName: 'get_weather',
        content: `{"temperature":${20 + i}}`,
      },
      { role: 'assistant', content: `${i}번째 답: 맑음` },
    );
  }
  messages.push({ role: 'user', content: '지금 서울 날씨는?' });
  return messages;
}

describe('fitToContext', () => {
  it('returns the conversation unchanged when it fits', async () => {
    const messages = history(3);
    const fitted = await fitToContext(messages, { model: 'gpt-4o-mini' });
    expect(fitted.messages).toEqual(messages);
    expect(fitted.inputTokens).toBe(await countTokens(messages, { model: 'gpt-4o-mini' }));
    expect(fitted).toMatchObject({ droppedMessages: 0, trimmedMessages: 0 });
  });

  it('drops the oldest turns first, keeping the system message and every tool call with its result', async () => {
    const messages = history(6);
    const full = await countTokens(messages, { model: 'gpt-4o-mini' });
    const maxInputTokens = Math.floor(full / 2);
    const fitted = await fitToContext(messages, { model: 'gpt-4o-mini', maxInputTokens });
    expect(fitted.inputTokens).toBeLessThanOrEqual(maxInputTokens);
    expect(fitted.inputTokens).toBe(await countTokens(fitted.messages, { model: 'gpt-4o-mini' }));
    expect(fitted.messages[0]).toEqual(messages[0]);
    expect(fitted.messages.at(-1)).toEqual(messages.at(-1));
    expect(fitted.droppedMessages).toBeGreaterThan(0);
    // Every kept tool result still follows the call that asked for it, and every kept call has its result.
    fitted.messages.forEach((message, index) => {
      if (message.role === 'tool') {
        const before = fitted.messages[index - 1];
        expect(
          before?.role === 'assistant' &&
            before.toolCalls?.some((call) => call.toolCallId === message.toolCallId),
        ).toBe(true);
      }
      if (message.role === 'assistant' && message.toolCalls?.length) {
        expect(fitted.messages[index + 1]).toMatchObject({
          role: 'tool',
          toolCallId: message.toolCalls[0]?.toolCallId,
        });
      }
    });
    // What was dropped is the oldest: the kept messages are the original tail (after the system message).
    expect(fitted.messages.slice(1)).toEqual(messages.slice(messages.length - (fitted.messages.length - 1)));
  });

  it('keeps a tool pair whole when `keep` reaches into it, and trims text when dropping is not enough', async () => {
    const messages: Message[] = [
      { role: 'system', content: '간결하게 답변해주세요.' },
      { role: 'user', content: long(200) },
      {
        role: 'assistant',
        content: '',
        toolCalls: [{ toolCallId: 'call_1', toolName: 'get_weather', arguments: '{"city":"서울"}' }],
      },
      { role: 'tool', toolCallId: 'call_1', toolName: 'get_weather', content: '{"temperature":21}' },
    ];
    // keep 1 is the tool result: its call comes along, the long question goes.
    const pair = await fitToContext(messages, { model: 'gpt-4o', maxInputTokens: 120, keep: 1 });
    expect(pair.messages).toEqual([messages[0], messages[2], messages[3]]);
    expect(pair).toMatchObject({ droppedMessages: 1, trimmedMessages: 0 });
    // keep 3 holds the question too: it is shortened instead.
    const fitted = await fitToContext(messages, { model: 'gpt-4o', maxInputTokens: 120, keep: 3 });
    expect(fitted.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(fitted.trimmedMessages).toBe(1);
    expect(fitted.droppedMessages).toBe(0);
    const user = fitted.messages[1] as Extract<Message, { role: 'user' }>;
    expect(typeof user.content === 'string' && user.content.endsWith('…')).toBe(true);
    expect(fitted.inputTokens).toBeLessThanOrEqual(120);
    expect(fitted.inputTokens).toBe(await countTokens(fitted.messages, { model: 'gpt-4o' }));
    expect(fitted.messages[2]).toEqual(messages[2]);
  });

  it('counts tool definitions against the budget', async () => {
    const messages = history(4);
    const tools = [
      {
        name: 'get_weather',
        description: '특정 도시의 날씨 정보를 가져옵니다',
        parameters: { type: 'object', properties: { city: { type: 'string' } } },
      },
    ];
    const without = await fitToContext(messages, { model: 'gpt-4o', maxInputTokens: 400 });
    const withTools = await fitToContext(messages, { model: 'gpt-4o', maxInputTokens: 400, tools });
    expect(withTools.inputTokens).toBe(
      await countTokens({ messages: withTools.messages, tools }, { model: 'gpt-4o' }),
    );
    expect(withTools.messages.length).toBeLessThanOrEqual(without.messages.length);
  });

  it('needs maxInputTokens for a model without a known window, and says how to fix it', async () => {
    const error = await fitToContext(history(1), { model: 'llama3.1:8b' }).catch((e: unknown) => e);
    expect(hasErrorCode(error, 'invalid-option')).toBe(true);
    expect((error as Error).message).toMatch(
      /does not know the context window of model "llama3\.1:8b"\. Pass maxInputTokens/,
    );
    const fitted = await fitToContext(history(1), { model: 'llama3.1:8b', maxInputTokens: 100_000 });
    expect(fitted.droppedMessages).toBe(0);
  });

  it('refuses a budget the system message alone exceeds', async () => {
    const messages: Message[] = [
      { role: 'system', content: long(50) },
      { role: 'user', content: '안녕?' },
    ];
    const error = await fitToContext(messages, { model: 'gpt-4o', maxInputTokens: 50 }).catch(
      (e: unknown) => e,
    );
    expect(hasErrorCode(error, 'invalid-option')).toBe(true);
    expect((error as Error).message).toMatch(/System messages, tool definitions/);
  });
});
