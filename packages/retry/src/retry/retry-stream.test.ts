import {
  type Model,
  type ModelRequest,
  StreamInterruptedError,
  type StreamPart,
  wrapModel,
} from '@toolloop/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError } from '../test-support/api-error.js';
import { retry } from './retry.js';

const request: ModelRequest = { messages: [{ role: 'user', content: '이야기' }] };

type Attempt = { failBeforeFirst?: Error; parts?: StreamPart[]; failAfter?: Error };

/** A model whose stream attempts follow a script; records opens and closes. */
function streamingModel(attempts: Attempt[]) {
  const log = { opened: 0, closed: 0 };
  const model: Model = {
    provider: 'test',
    modelId: 'stream-model',
    generate: () => Promise.reject(new Error('not used')),
    async *stream() {
      const attempt = attempts[log.opened++];
      try {
        if (!attempt) throw new Error('no more attempts scripted');
        if (attempt.failBeforeFirst) throw attempt.failBeforeFirst;
        for (const part of attempt.parts ?? []) yield part;
        if (attempt.failAfter) throw attempt.failAfter;
      } finally {
        log.closed++;
      }
    },
  };
  return { model, log };
}

const finish: StreamPart = { type: 'finish', finishReason: 'stop' };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

async function drain(stream: AsyncIterable<StreamPart>, seen: StreamPart[]): Promise<unknown> {
  try {
    for await (const part of stream) seen.push(part);
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('retry() stream', () => {
  it('retries a stream that failed before its first part, then hands the parts over', async () => {
    const { model, log } = streamingModel([
      { failBeforeFirst: apiError(503) },
      { failBeforeFirst: apiError(undefined) },
      { parts: [{ type: 'text-delta', delta: '옛날' }, { type: 'text-delta', delta: ' 옛적에' }, finish] },
    ]);
    const wrapped = wrapModel({ model, middleware: [retry({ random: () => 0.5 })] });
    const seen: StreamPart[] = [];
    const done = drain(wrapped.stream(request), seen);
    await vi.runAllTimersAsync();
    expect(await done).toBeUndefined();
    expect(seen.map((part) => (part.type === 'text-delta' ? part.delta : part.type))).toEqual([
      '옛날',
      ' 옛적에',
      'finish',
    ]);
    expect(log.opened).toBe(3);
  });

  it('surfaces an error after the first part reached the consumer, without retrying', async () => {
    const cut = new StreamInterruptedError({ message: 'connection cut mid-stream', partialText: '옛날' });
    const { model, log } = streamingModel([
      { parts: [{ type: 'text-delta', delta: '옛날' }], failAfter: cut },
      { parts: [{ type: 'text-delta', delta: 'duplicate' }, finish] },
    ]);
    const wrapped = wrapModel({ model, middleware: [retry()] });
    const seen: StreamPart[] = [];
    const done = drain(wrapped.stream(request), seen);
    await vi.runAllTimersAsync();
    expect(await done).toBe(cut);
    expect(seen).toEqual([{ type: 'text-delta', delta: '옛날' }]);
    expect(log.opened).toBe(1);
  });

  it('does not retry a stream that fails before its first part with a 400', async () => {
    const error = apiError(400);
    const { model, log } = streamingModel([{ failBeforeFirst: error }, { parts: [finish] }]);
    const wrapped = wrapModel({ model, middleware: [retry()] });
    expect(await drain(wrapped.stream(request), [])).toBe(error);
    expect(log.opened).toBe(1);
  });

  it('closes the provider stream when the consumer stops early', async () => {
    const { model, log } = streamingModel([
      { parts: [{ type: 'text-delta', delta: 'a' }, { type: 'text-delta', delta: 'b' }, finish] },
    ]);
    const wrapped = wrapModel({ model, middleware: [retry()] });
    for await (const part of wrapped.stream(request)) {
      expect(part).toEqual({ type: 'text-delta', delta: 'a' });
      break;
    }
    expect(log.closed).toBe(1);
  });

  it('timeoutMs covers the wait for the first part; the handed-over stream is not cut by it', async () => {
    let opened = 0;
    const model: Model = {
      provider: 'test',
      modelId: 'slow',
      generate: () => Promise.reject(new Error('not used')),
      async *stream(_request, options) {
        opened++;
        const signal = options?.signal;
        const wait = (ms: number) =>
          new Promise<void>((resolve, reject) => {
            const timer = setTimeout(resolve, ms);
            signal?.addEventListener('abort', () => {
              clearTimeout(timer);
              reject(signal.reason);
            });
          });
        // First attempt: never answers in time. Second: answers fast, then streams slowly.
        await wait(opened === 1 ? 10_000 : 10);
        yield { type: 'text-delta', delta: 'a' };
        await wait(5000);
        yield finish;
      },
    };
    const wrapped = wrapModel({ model, middleware: [retry({ timeoutMs: 1000, random: () => 0 })] });
    const seen: StreamPart[] = [];
    const done = drain(wrapped.stream(request), seen);
    await vi.advanceTimersByTimeAsync(1010);
    expect(seen).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(await done).toBeUndefined();
    expect(seen.map((part) => part.type)).toEqual(['text-delta', 'finish']);
    expect(opened).toBe(2);
  });

  it('totalTimeoutMs still bounds the handed-over stream', async () => {
    const model: Model = {
      provider: 'test',
      modelId: 'stall',
      generate: () => Promise.reject(new Error('not used')),
      async *stream(_request, options) {
        yield { type: 'text-delta', delta: 'a' };
        await new Promise((_resolve, reject) =>
          options?.signal?.addEventListener('abort', () => reject(options.signal?.reason)),
        );
      },
    };
    const wrapped = wrapModel({ model, middleware: [retry({ totalTimeoutMs: 3000 })] });
    const done = drain(wrapped.stream(request), []);
    await vi.advanceTimersByTimeAsync(3000);
    expect(await done).toMatchObject({ code: 'timeout', phase: 'total', timeoutMs: 3000 });
  });
});
