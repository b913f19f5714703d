import { APICallError, hasErrorCode, StreamParseError, type StreamPart } from '@toolloop/core';
import { describe, expect, it } from 'vitest';
import type { SSEEvent } from '../sse/sse-decoder.js';
import { createStreamAssembler, type StreamAssembler } from './stream-assembler.js';

const chunk = (choice: Record<string, unknown> | null, extra: Record<string, unknown> = {}): SSEEvent => ({
  data: JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    model: 'm',
    choices: choice ? [{ index: 0, finish_reason: null, ...choice }] : [],
    ...extra,
  }),
});
const delta = (value: Record<string, unknown>, extra?: Record<string, unknown>): SSEEvent =>
  chunk({ delta: value }, extra);
const finishChunk = (reason: string, extra?: Record<string, unknown>): SSEEvent =>
  chunk({ delta: {}, finish_reason: reason }, extra);
const DONE: SSEEvent = { data: '[DONE]' };

function pushAll(assembler: StreamAssembler, events: SSEEvent[]): StreamPart[] {
  return events.flatMap((event) => assembler.push(event));
}
const ofType = <T extends StreamPart['type']>(parts: StreamPart[], type: T) =>
  parts.filter((part): part is Extract<StreamPart, { type: T }> => part.type === type);

describe('createStreamAssembler', () => {
  it('streams text deltas, skipping empty and null content, and tracks text', () => {
    const assembler = createStreamAssembler();
    const parts = pushAll(assembler, [
      delta({ role: 'assistant', content: '' }),
      delta({ content: null }),
      delta({ content: '안녕' }),
      delta({ content: '하세요' }),
    ]);
    expect(parts).toEqual([
      { type: 'response-metadata', id: 'chatcmpl-1', modelId: 'm' },
      { type: 'text-delta', delta: '안녕' },
      { type: 'text-delta', delta: '하세요' },
    ]);
    expect(assembler.text).toBe('안녕하세요');
  });

  it('waits for a chunk with a real id or model before sending response-metadata (Azure)', () => {
    const assembler = createStreamAssembler();
    const first = assembler.push({ data: '{"id":"","model":"","choices":[],"prompt_filter_results":[]}' });
    expect(first).toEqual([]);
    expect(
      ofType(pushAll(assembler, [delta({ content: 'a' }), delta({ content: 'b' })]), 'response-metadata'),
    ).toEqual([{ type: 'response-metadata', id: 'chatcmpl-1', modelId: 'm' }]);
  });

  it('emits finish only at [DONE], so a usage chunk after the finish chunk joins it', () => {
    const assembler = createStreamAssembler();
    const beforeDone = pushAll(assembler, [
      delta({ content: 'hi' }),
      finishChunk('stop'),
      chunk(null, { usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 } }),
    ]);
    expect(ofType(beforeDone, 'finish')).toEqual([]);
    expect(assembler.push(DONE)).toEqual([
      {
        type: 'finish',
        finishReason: 'stop',
        rawFinishReason: 'stop',
        usage: { inputTokens: 5, outputTokens: 1, totalTokens: 6 },
      },
    ]);
    expect(assembler.done).toBe(true);
    expect(assembler.end()).toEqual([]);
    expect(assembler.push(delta({ content: 'after done' }))).toEqual([]);
  });

  it('treats a stream that ends with a finish reason but no [DONE] as complete', () => {
    const assembler = createStreamAssembler();
    pushAll(assembler, [delta({ content: 'x' }), finishChunk('length')]);
    expect(assembler.done).toBe(false);
    expect(assembler.end()).toEqual([{ type: 'finish', finishReason: 'length', rawFinishReason: 'length' }]);
  });

  it('throws StreamInterruptedError with the partial text when neither finish_reason nor [DONE] came', () => {
    const assembler = createStreamAssembler();
    pushAll(assembler, [delta({ content: '서울은 ' }), delta({ content: '맑' })]);
    let error: unknown;
    try {
      assembler.end();
    } catch (caught) {
      error = caught;
    }
    expect(hasErrorCode(error, 'stream-interrupted')).toBe(true);
    expect((error as { partialText: string }).partialText).toBe('서울은 맑');
  });

  it('maps finish reasons, reporting tool-calls when a server says stop next to tool calls', () => {
    const finishOf = (events: SSEEvent[]) => {
      const assembler = createStreamAssembler();
      const parts = [...pushAll(assembler, events), ...assembler.end()];
      return ofType(parts, 'finish')[0]?.finishReason;
    };
    expect(finishOf([finishChunk('content_filter')])).toBe('content-filter');
    expect(finishOf([finishChunk('eos_token')])).toBe('other');
    expect(finishOf([finishChunk('function_call')])).toBe('tool-calls');
    const call = delta({ tool_calls: [{ index: 0, id: 'c1', function: { name: 'f', arguments: '{}' } }] });
    expect(finishOf([call, finishChunk('stop')])).toBe('tool-calls');
    expect(finishOf([call, DONE])).toBe('tool-calls');
  });

  it('emits reasoning (reasoning_content or reasoning, strings only) and refusal deltas', () => {
    const parts = pushAll(createStreamAssembler(), [
      delta({ content: null, reasoning_content: 'think' }),
      delta({ reasoning: ' more', channel: 'analysis' }),
      delta({ reasoning: null, reasoning_details: [] }),
      delta({ reasoning: { text: 'not a string' } }),
      delta({ refusal: '' }),
      delta({ refusal: 'no' }),
    ]);
    expect(ofType(parts, 'reasoning-delta').map((part) => part.delta)).toEqual(['think', ' more']);
    expect(ofType(parts, 'refusal-delta').map((part) => part.delta)).toEqual(['no']);
    expect(ofType(parts, 'text-delta')).toEqual([]);
  });

  describe('tool calls', () => {
    it('streams fragments by index and emits the whole call only at the finish chunk', () => {
      const assembler = createStreamAssembler();
      const streaming = pushAll(assembler, [
        delta({
          tool_calls: [
            { index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } },
          ],
        }),
        delta({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
        delta({ tool_calls: [{ index: 0, function: { arguments: '' } }] }),
        delta({ tool_calls: [{ index: 0, function: { arguments: '"서울"}' } }] }),
      ]);
      expect(ofType(streaming, 'tool-call')).toEqual([]);
      expect(ofType(streaming, 'tool-call-delta')).toEqual([
        {
          type: 'tool-call-delta',
          index: 0,
          toolCallId: 'call_a',
          toolName: 'get_weather',
          argumentsDelta: '',
        },
        {
          type: 'tool-call-delta',
          index: 0,
          toolCallId: 'call_a',
          toolName: 'get_weather',
          argumentsDelta: '{"city":',
        },
        {
          type: 'tool-call-delta',
          index: 0,
          toolCallId: 'call_a',
          toolName: 'get_weather',
          argumentsDelta: '"서울"}',
        },
      ]);
      expect(assembler.push(finishChunk('tool_calls'))).toEqual([
        {
          type: 'tool-call',
          toolCall: { toolCallId: 'call_a', toolName: 'get_weather', arguments: '{"city":"서울"}' },
        },
      ]);
      expect(ofType(assembler.push(DONE), 'tool-call')).toEqual([]);
    });

    it('numbers calls by first appearance when the server index starts at 1 (Anthropic compat)', () => {
      const parts = pushAll(createStreamAssembler(), [
        delta({ tool_calls: [{ index: 1, id: 'toolu_1', function: { name: 'read_file', arguments: '' } }] }),
        delta({ tool_calls: [{ index: 1, function: { arguments: '{}' } }] }),
        finishChunk('tool_calls'),
      ]);
      expect(ofType(parts, 'tool-call-delta').map((part) => part.index)).toEqual([0, 0]);
      expect(ofType(parts, 'tool-call')).toHaveLength(1);
    });

    it('starts a new call when a new id arrives at an index already in use', () => {
      const parts = pushAll(createStreamAssembler(), [
        delta({ tool_calls: [{ index: 0, id: 'a', function: { name: 'f', arguments: '{"n":1}' } }] }),
        delta({ tool_calls: [{ index: 0, id: 'b', function: { name: 'g', arguments: '{"n":' } }] }),
        delta({ tool_calls: [{ index: 0, function: { arguments: '2}' } }] }),
        finishChunk('tool_calls'),
      ]);
      expect(ofType(parts, 'tool-call').map((part) => part.toolCall)).toEqual([
        { toolCallId: 'a', toolName: 'f', arguments: '{"n":1}' },
        { toolCallId: 'b', toolName: 'g', arguments: '{"n":2}' },
      ]);
    });

    it('does not split a call whose later fragments repeat the id and the name', () => {
      const parts = pushAll(createStreamAssembler(), [
        delta({ tool_calls: [{ index: 0, id: 'a', function: { name: 'f', arguments: '{"q":' } }] }),
        delta({ tool_calls: [{ index: 0, id: 'a', function: { name: 'f', arguments: '"x"}' } }] }),
        finishChunk('tool_calls'),
      ]);
      expect(ofType(parts, 'tool-call').map((part) => part.toolCall)).toEqual([
        { toolCallId: 'a', toolName: 'f', arguments: '{"q":"x"}' },
      ]);
    });

    it('splits whole calls sent one after another at index 0 without ids', () => {
      const parts = pushAll(createStreamAssembler(), [
        delta({ tool_calls: [{ index: 0, function: { name: 'f', arguments: '{"n":1}' } }] }),
        delta({ tool_calls: [{ index: 0, function: { name: 'f', arguments: '{"n":2}' } }] }),
        finishChunk('tool_calls'),
      ]);
      expect(ofType(parts, 'tool-call').map((part) => part.toolCall)).toEqual([
        { toolCallId: 'call_0', toolName: 'f', arguments: '{"n":1}' },
        { toolCallId: 'call_1', toolName: 'f', arguments: '{"n":2}' },
      ]);
    });

    it('matches fragments by id when the server omits index (Mistral)', () => {
      const parts = pushAll(createStreamAssembler(), [
        delta({ tool_calls: [{ id: 'm1', function: { name: 'f', arguments: '{"a":' } }] }),
        delta({ tool_calls: [{ id: 'm2', function: { name: 'g', arguments: '{}' } }] }),
        delta({ tool_calls: [{ id: 'm1', function: { arguments: '1}' } }] }),
        finishChunk('tool_calls'),
      ]);
      expect(ofType(parts, 'tool-call').map((part) => part.toolCall)).toEqual([
        { toolCallId: 'm1', toolName: 'f', arguments: '{"a":1}' },
        { toolCallId: 'm2', toolName: 'g', arguments: '{}' },
      ]);
    });

    it('generates call_<index> for a missing or empty id and adopts an id that comes later', () => {
      const parts = pushAll(createStreamAssembler(), [
        delta({ tool_calls: [{ index: 0, id: '', function: { name: 'f', arguments: '{}' } }] }),
        delta({ tool_calls: [{ index: 1, function: { name: 'g' } }] }),
        delta({ tool_calls: [{ index: 1, id: 'late', function: { arguments: '{"x":true}' } }] }),
        finishChunk('tool_calls'),
      ]);
      expect(ofType(parts, 'tool-call').map((part) => part.toolCall)).toEqual([
        { toolCallId: 'call_0', toolName: 'f', arguments: '{}' },
        { toolCallId: 'late', toolName: 'g', arguments: '{"x":true}' },
      ]);
    });

    it("gives a call streamed without any arguments '{}' (vLLM omits the key)", () => {
      const parts = pushAll(createStreamAssembler(), [
        delta({ tool_calls: [{ index: 0, id: 't', function: { name: 'now' } }] }),
        DONE,
      ]);
      expect(ofType(parts, 'tool-call').map((part) => part.toolCall)).toEqual([
        { toolCallId: 't', toolName: 'now', arguments: '{}' },
      ]);
      expect(ofType(parts, 'finish')[0]?.finishReason).toBe('tool-calls');
    });

    it('assembles a legacy function_call into one tool call', () => {
      const assembler = createStreamAssembler();
      const parts = [
        ...pushAll(assembler, [
          delta({ role: 'assistant', content: null, function_call: { name: 'lookup', arguments: '' } }),
          delta({ function_call: { arguments: '{"q":' } }),
          delta({ function_call: { arguments: '"x"}' } }),
          finishChunk('function_call'),
        ]),
        ...assembler.end(),
      ];
      expect(ofType(parts, 'tool-call').map((part) => part.toolCall)).toEqual([
        { toolCallId: 'call_0', toolName: 'lookup', arguments: '{"q":"x"}' },
      ]);
      expect(ofType(parts, 'finish')).toEqual([
        { type: 'finish', finishReason: 'tool-calls', rawFinishReason: 'function_call' },
      ]);
    });
  });

  it('reads usage from any chunk, ignores usage:null, and reads x_groq.usage only when alone', () => {
    const usageOf = (events: SSEEvent[]) => {
      const parts = pushAll(createStreamAssembler(), [...events, DONE]);
      return ofType(parts, 'finish')[0]?.usage;
    };
    expect(
      usageOf([
        delta({ content: 'a' }, { usage: null }),
        finishChunk('stop', {
          usage: {
            prompt_tokens: 339,
            completion_tokens: 83,
            total_tokens: 422,
            completion_tokens_details: { reasoning_tokens: 39 },
            prompt_cache_hit_tokens: 320,
          },
        }),
        delta({}, { usage: null }),
      ]),
    ).toEqual({
      inputTokens: 339,
      outputTokens: 83,
      totalTokens: 422,
      cachedInputTokens: 320,
      reasoningTokens: 39,
    });
    expect(
      usageOf([
        finishChunk('stop', {
          x_groq: { usage: { prompt_tokens: 2, completion_tokens: 3, total_tokens: 5 } },
        }),
      ]),
    ).toEqual({ inputTokens: 2, outputTokens: 3, totalTokens: 5 });
    expect(usageOf([finishChunk('stop')])).toBeUndefined();
  });

  it('uses only choice 0 when n > 1', () => {
    const assembler = createStreamAssembler();
    pushAll(assembler, [
      chunk({ index: 1, delta: { content: 'second' } }),
      chunk({ index: 0, delta: { content: 'first' } }),
      chunk({ index: 1, delta: {}, finish_reason: 'length' }),
    ]);
    expect(assembler.text).toBe('first');
    expect(() => assembler.end()).toThrow(/no finish_reason/);
  });

  describe('in-stream errors', () => {
    it('throws APICallError for a top-level error object next to choices (OpenRouter)', () => {
      const assembler = createStreamAssembler();
      assembler.push(finishChunk('length'));
      let error: unknown;
      try {
        assembler.push(delta({ content: '' }, { error: { code: 429, message: 'Rate limited upstream' } }));
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(APICallError);
      expect(error).toMatchObject({ status: 429, isRetryable: true, providerCode: undefined });
      expect((error as Error).message).toContain('Rate limited upstream');
    });

    it('throws APICallError after `event: error`, with status_code and string code (Groq)', () => {
      const event: SSEEvent = {
        event: 'error',
        data: '{"error":{"message":"Tool call validation failed","type":"invalid_request_error","code":"tool_use_failed","status_code":400}}',
      };
      expect(() => createStreamAssembler().push(event)).toThrow(
        expect.objectContaining({
          code: 'api-call',
          status: 400,
          isRetryable: false,
          providerCode: 'tool_use_failed',
        }),
      );
    });

    it('throws APICallError for `event: error` whose data is not JSON', () => {
      expect(() => createStreamAssembler().push({ event: 'error', data: 'upstream overloaded' })).toThrow(
        expect.objectContaining({
          code: 'api-call',
          status: undefined,
          message: expect.stringContaining('upstream overloaded'),
        }),
      );
    });
  });

  it('throws StreamParseError with a short excerpt for malformed JSON', () => {
    const data = `{"id":"x","choices":[{"delta":{"content":"${'a'.repeat(500)}`;
    let error: unknown;
    try {
      createStreamAssembler().push({ data });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StreamParseError);
    expect((error as Error).message).toContain('{\\"id\\":\\"x\\"');
    expect((error as Error).message.length).toBeLessThan(300);
    expect(() => createStreamAssembler().push({ data: '[1,2]' })).toThrow(StreamParseError);
  });

  it('ignores unknown fields (obfuscation, moderation, timings, logprobs, provider)', () => {
    const parts = pushAll(createStreamAssembler(), [
      delta(
        { content: 'ok' },
        { obfuscation: 'Wu', provider: 'X', timings: { n: 1 }, moderation: {}, system_fingerprint: null },
      ),
      chunk({ delta: {}, finish_reason: 'stop', logprobs: { content: [] }, content_filter_results: {} }),
      DONE,
    ]);
    expect(parts.map((part) => part.type)).toEqual(['response-metadata', 'text-delta', 'finish']);
  });
});
