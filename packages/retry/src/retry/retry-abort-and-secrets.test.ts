import { type Middleware, type Model, type ModelRequest, type StreamPart, wrapModel } from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError } from '../test-support/api-error.js';
import { retry } from './retry.js';
import { RetryError } from './retry-error.js';

const request: ModelRequest = { messages: [{ role: 'user', content: '안녕' }], settings: { maxTokens: 10 } };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Outermost, like logging: reads what retry left in the metadata once the call settles. */
function metadataSpy(seen: { retries?: unknown }): Middleware {
  return {
    name: 'spy',
    async generate(req, next, context) {
      try {
        return await next(req);
      } finally {
        seen.retries = context.metadata.retries;
      }
    },
  };
}

describe('retry()', () => {
  it('does not count a retry that an abort during the backoff wait cancelled', async () => {
    const model = scriptedModel({ turns: [{ error: apiError(503) }, { text: 'ok' }] });
    const seen: { retries?: unknown } = {};
    const wrapped = wrapModel({ model, middleware: [metadataSpy(seen), retry({ random: () => 0.9 })] });
    const controller = new AbortController();
    const result = wrapped.generate(request, { signal: controller.signal }).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    expect(await result).toMatchObject({ code: 'aborted' });
    expect(model.calls).toHaveLength(1);
    expect(seen.retries).toBe(0);
  });

  it('closes a stream that answered only after its attempt timed out (a model ignoring its signal)', async () => {
    const log = { opened: 0, closed: 0 };
    const model: Model = {
      provider: 'test',
      modelId: 'slow-first',
      generate: () => Promise.reject(new Error('not used')),
      async *stream() {
        const attempt = log.opened++;
        try {
          if (attempt === 0) await new Promise((resolve) => setTimeout(resolve, 2000));
          yield { type: 'text-delta', delta: `attempt ${attempt + 1}` };
          yield { type: 'finish', finishReason: 'stop' };
        } finally {
          log.closed++;
        }
      },
    };
    const wrapped = wrapModel({ model, middleware: [retry({ timeoutMs: 1000, random: () => 0 })] });
    const parts: StreamPart[] = [];
    const consumed = (async () => {
      for await (const part of wrapped.stream(request)) parts.push(part);
    })();
    await vi.advanceTimersByTimeAsync(5000);
    await consumed;
    expect(parts).toEqual([
      { type: 'text-delta', delta: 'attempt 2' },
      { type: 'finish', finishReason: 'stop' },
    ]);
    expect(log).toEqual({ opened: 2, closed: 2 });
  });

  it('keeps API keys quoted by a foreign error out of the RetryError message, stack and JSON', async () => {
    const key = 'sk-live-abcdef0123456789';
    const model = scriptedModel({
      turns: [{ error: apiError(503) }, { error: new Error(`gateway refused key ${key}`) }],
    });
    const wrapped = wrapModel({ model, middleware: [retry({ random: () => 0 })] });
    const error = await wrapped.generate(request).catch((caught: unknown) => caught);
    expect(RetryError.isInstance(error)).toBe(true);
    const retryError = error as RetryError;
    expect(retryError.reason).toBe('not-retryable');
    expect(retryError.errors).toHaveLength(2);
    expect(retryError.message).not.toContain(key);
    expect(retryError.stack).not.toContain(key);
    expect(JSON.stringify(retryError)).not.toContain(key);
  });
});
