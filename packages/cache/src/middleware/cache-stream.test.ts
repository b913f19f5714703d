import {
  collectStream,
  type Middleware,
  type Model,
  type ModelRequest,
  StreamInterruptedError,
  type StreamPart,
  wrapModel,
} from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../stores/memory-store.js';
import { fromCache } from '../test-utils.js';
import { cache } from './cache.js';

const request: ModelRequest = { messages: [{ role: 'user', content: '긴 이야기를 들려주세요' }] };
const story = '옛날 옛적에 작은 마을에 한 소년이 살았습니다.';

async function read(stream: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

function streamRecorder(seen: Array<boolean | undefined>): Middleware {
  return {
    name: 'recorder',
    async *stream(req, next) {
      for await (const part of next(req)) {
        if (part.type === 'finish') seen.push(part.source === 'cache');
        yield part;
      }
    },
  };
}

describe('cache middleware: stream', () => {
  it('replays a cached stream with exactly the parts the first consumer saw, without calling the model', async () => {
    const model = scriptedModel({
      turns: [{ text: story, usage: { inputTokens: 9, outputTokens: 20 } }],
      chunkChars: 3,
    });
    const seen: Array<boolean | undefined> = [];
    const cached = cache({ store: memoryStore() });
    const wrapped = wrapModel({ model, middleware: [streamRecorder(seen), cached] });
    const first = await read(wrapped.stream(request));
    const second = await read(wrapped.stream(request));
    expect(model.calls).toHaveLength(1);
    expect(first.filter((part) => part.type === 'text-delta').length).toBe(Math.ceil(story.length / 3));
    expect(second).toEqual(fromCache(first));
    expect(seen).toEqual([false, true]);
    expect(cached.stats()).toMatchObject({ hits: 1, misses: 1 });
  });

  it('serves generate from an entry a stream stored, and a stream from an entry generate stored', async () => {
    const model = scriptedModel({
      turns: [{ text: story }, { toolCalls: [{ toolName: 'get_weather', arguments: { city: '서울' } }] }],
    });
    const wrapped = wrapModel({ model, middleware: [cache({ store: memoryStore() })] });
    const streamed = await read(wrapped.stream(request));
    expect((await wrapped.generate(request)).text).toBe(story);

    const other: ModelRequest = { messages: [{ role: 'user', content: '서울 날씨 어때?' }] };
    const generated = await wrapped.generate(other);
    const replayed = await collectStream(wrapped.stream(other));
    expect(replayed).toEqual({ ...generated, source: 'cache' });
    expect(replayed.toolCalls[0]?.toolName).toBe('get_weather');
    expect(model.calls).toHaveLength(2);
    expect(streamed.at(-1)?.type).toBe('finish');
  });

  it('does not store a stream that was interrupted before its finish part', async () => {
    let calls = 0;
    const model: Model = {
      provider: 'test',
      modelId: 'flaky',
      generate: () => Promise.reject(new Error('unused')),
      async *stream() {
        calls++;
        yield { type: 'text-delta', delta: '옛날 옛적에' };
        if (calls === 1)
          throw new StreamInterruptedError({ message: 'connection cut', partialText: '옛날 옛적에' });
        yield { type: 'finish', finishReason: 'stop' };
      },
    };
    const cached = cache({ store: memoryStore() });
    const wrapped = wrapModel({ model, middleware: [cached] });
    await expect(read(wrapped.stream(request))).rejects.toThrow('connection cut');
    await read(wrapped.stream(request));
    await read(wrapped.stream(request));
    expect(calls).toBe(2);
    expect(cached.stats()).toMatchObject({ misses: 2, hits: 1 });
  });

  it('does not store a stream that ended without a finish part and did not throw', async () => {
    let calls = 0;
    const model: Model = {
      provider: 'test',
      modelId: 'no-finish',
      generate: () => Promise.reject(new Error('unused')),
      async *stream() {
        calls++;
        yield { type: 'text-delta', delta: 'partial' };
      },
    };
    const wrapped = wrapModel({ model, middleware: [cache({ store: memoryStore() })] });
    await expect(read(wrapped.stream(request))).rejects.toThrow(StreamInterruptedError);
    await expect(read(wrapped.stream(request))).rejects.toThrow(StreamInterruptedError);
    expect(calls).toBe(2);
  });

  it('does not store a stream the consumer abandoned part-way', async () => {
    const model = scriptedModel({ turns: [{ text: story }, { text: story }], chunkChars: 2 });
    const wrapped = wrapModel({ model, middleware: [cache({ store: memoryStore() })] });
    for await (const part of wrapped.stream(request)) {
      if (part.type === 'text-delta') break;
    }
    await read(wrapped.stream(request));
    expect(model.calls).toHaveLength(2);
  });

  it('does not store a stream that failed upstream', async () => {
    const model = scriptedModel({ turns: [{ error: new Error('500') }, { text: 'ok' }] });
    const wrapped = wrapModel({ model, middleware: [cache({ store: memoryStore() })] });
    await expect(read(wrapped.stream(request))).rejects.toThrow('500');
    expect((await collectStream(wrapped.stream(request))).text).toBe('ok');
    expect(model.calls).toHaveLength(2);
  });
});
