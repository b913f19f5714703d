import type { Model, ModelRequest, StreamPart } from '@toolloop/core';
import { collectStream, StreamInterruptedError, wrapModel } from '@toolloop/core';
import { describe, expect, it } from 'vitest';
import type { LogRecord, ModelCallRecord } from '../records/records.js';
import { logging } from './logging.js';

const request: ModelRequest = { messages: [{ role: 'user', content: '긴 이야기를 들려주세요' }] };

/** A model whose stream yields the given parts, advancing the clock before each, then optionally throws. */
function partsModel(
  clock: { advance(ms: number): void },
  steps: Array<[number, StreamPart]>,
  end?: Error,
): Model {
  return {
    provider: 'openai',
    modelId: 'gpt-4o-mini',
    generate: () => Promise.reject(new Error('stream only')),
    async *stream() {
      for (const [ms, part] of steps) {
        clock.advance(ms);
        yield part;
      }
      if (end) throw end;
    },
  };
}

function setup() {
  let t = 0;
  const clock = {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
  const records: LogRecord[] = [];
  const log = logging({ sink: { write: (r) => void records.push(r) }, now: clock.now });
  return { clock, records, log };
}

const usage = { inputTokens: 123, outputTokens: 45, totalTokens: 168, cachedInputTokens: 0 };

describe('logging() on streams', () => {
  it('counts the usage of the finish part and times the first token at the first text delta', async () => {
    const { clock, records, log } = setup();
    const model = partsModel(clock, [
      [30, { type: 'response-metadata', id: 'chatcmpl-1', modelId: 'gpt-4o-mini-2024-07-18' }],
      [120, { type: 'text-delta', delta: '옛날' }],
      [50, { type: 'text-delta', delta: ' 옛적에' }],
      [10, { type: 'finish', finishReason: 'stop', usage }],
    ]);
    const response = await collectStream(wrapModel({ model, middleware: [log] }).stream(request));
    expect(response.text).toBe('옛날 옛적에');
    expect(records[0]).toMatchObject({
      streaming: true,
      status: 'ok',
      timeToFirstTokenMs: 150,
      latencyMs: 210,
      inputTokens: 123,
      outputTokens: 45,
      totalTokens: 168,
      responseModel: 'gpt-4o-mini-2024-07-18',
      responseId: 'chatcmpl-1',
    });
    expect((records[0] as ModelCallRecord).costUSD).toBeCloseTo((123 * 0.15 + 45 * 0.6) / 1e6, 15);
  });

  it('times the first token at a tool-call delta when the model only calls tools', async () => {
    const { clock, records, log } = setup();
    const toolCall = { toolCallId: 'call_1', toolName: 'get_weather', arguments: '{"city":"서울"}' };
    const model = partsModel(clock, [
      [
        40,
        {
          type: 'tool-call-delta',
          index: 0,
          toolCallId: 'call_1',
          toolName: 'get_weather',
          argumentsDelta: toolCall.arguments,
        },
      ],
      [5, { type: 'tool-call', toolCall }],
      [5, { type: 'finish', finishReason: 'tool-calls', usage }],
    ]);
    await collectStream(wrapModel({ model, middleware: [log] }).stream(request));
    expect(records[0]).toMatchObject({ timeToFirstTokenMs: 40, finishReason: 'tool-calls' });
  });

  it('logs a stream cut before its finish part as an error with tokens unknown, not guessed', async () => {
    const { clock, records, log } = setup();
    const cut = new StreamInterruptedError({ message: 'connection cut', partialText: '옛날' });
    const model = partsModel(clock, [[20, { type: 'text-delta', delta: '옛날' }]], cut);
    await expect(collectStream(wrapModel({ model, middleware: [log] }).stream(request))).rejects.toBe(cut);
    expect(records[0]).toMatchObject({
      status: 'error',
      errorCode: 'stream-interrupted',
      timeToFirstTokenMs: 20,
      inputTokens: null,
      outputTokens: null,
      totalTokens: null,
      costUSD: null,
    });
  });

  it('logs a stream the consumer stopped reading as aborted, with tokens null', async () => {
    const { clock, records, log } = setup();
    const model = partsModel(clock, [
      [10, { type: 'text-delta', delta: 'a' }],
      [10, { type: 'text-delta', delta: 'b' }],
      [10, { type: 'finish', finishReason: 'stop', usage }],
    ]);
    for await (const part of wrapModel({ model, middleware: [log] }).stream(request)) {
      if (part.type === 'text-delta') break;
    }
    expect(records[0]).toMatchObject({
      status: 'aborted',
      errorCode: 'aborted',
      inputTokens: null,
      costUSD: null,
    });
  });

  it('keeps the usage of a finish part that arrived before the stream failed', async () => {
    const { clock, records, log } = setup();
    const model = partsModel(
      clock,
      [[10, { type: 'finish', finishReason: 'stop', usage }]],
      new Error('socket hang up'),
    );
    await expect(collectStream(wrapModel({ model, middleware: [log] }).stream(request))).rejects.toThrow(
      'socket hang up',
    );
    expect(records[0]).toMatchObject({ status: 'error', inputTokens: 123, outputTokens: 45 });
  });
});
