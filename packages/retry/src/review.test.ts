import { getEventListeners } from 'node:events';
import { type Middleware, type Model, type ModelRequest, type StreamPart, wrapModel } from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { rateLimit } from './rate-limit/rate-limit.js';
import { retry } from './retry/retry.js';
import { RetryError } from './retry/retry-error.js';
import { apiError } from './test-support/api-error.js';

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

describe('review: retry()', () => {
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

describe('review: rateLimit()', () => {
  it('[retry({ timeoutMs }), rateLimit()]: an attempt that timed out in the queue leaves it', async () => {
    const model = scriptedModel({ turns: Array.from({ length: 5 }, (_, index) => ({ text: `a${index}` })) });
    // One limiter, one budget: shared by a retrying wrapper and a plain one.
    const limiter = rateLimit({ requestsPerMinute: 1 });
    const retrying = wrapModel({
      model,
      middleware: [retry({ timeoutMs: 1000, maxRetries: 1, random: () => 0 }), limiter],
    });
    const plain = wrapModel({ model, middleware: [limiter] });
    await retrying.generate(request);
    // Both attempts of this call time out while queued behind the empty bucket.
    const gaveUp = retrying.generate(request).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(2500);
    expect(RetryError.isInstance(await gaveUp)).toBe(true);
    // A later call gets the next token (at 60 s), not a dead attempt's waiter.
    const later = plain.generate(request);
    await vi.advanceTimersByTimeAsync(60_000);
    await expect(later).resolves.toMatchObject({ text: 'a1' });
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    // The model ignores its signal: any waiter admitted after its attempt died would show up here.
    expect(model.calls).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a call larger than the token bucket that used more than the bucket leaves its full debt', async () => {
    const usage = { inputTokens: 3000, outputTokens: 1000 };
    const model = scriptedModel({
      turns: [
        { text: 'big', usage },
        { text: 'next', usage },
      ],
    });
    const wrapped = wrapModel({
      model,
      middleware: [rateLimit({ tokensPerMinute: 1000, estimateTokens: () => 5000 })],
    });
    // Admitted alone on a full bucket, then 4000 tokens spent: 3000 over what a minute allows.
    await wrapped.generate(request);
    const next = wrapped.generate(request);
    // The next (capped) call needs the debt repaid plus a full bucket: 4 minutes.
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    expect(model.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(60_000);
    await next;
    expect(model.calls).toHaveLength(2);
  });

  it('an abort hands back only what was taken, keeping an earlier call’s debt', async () => {
    const model = scriptedModel({
      turns: [{ text: 'big', usage: { inputTokens: 1500, outputTokens: 500 } }, { text: 'later' }],
    });
    const wrapped = wrapModel({
      model,
      middleware: [rateLimit({ tokensPerMinute: 1000, estimateTokens: () => 5000 })],
    });
    await wrapped.generate(request); // level: 1000 - 2000 = -1000
    const controller = new AbortController();
    const aborted = wrapped.generate(request, { signal: controller.signal }).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    expect(await aborted).toMatchObject({ code: 'aborted' });
    // Nothing was taken for the aborted call, so the debt stands: 2 minutes until a full bucket.
    const later = wrapped.generate(request);
    await vi.advanceTimersByTimeAsync(100_000);
    expect(model.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(20_000);
    await later;
    expect(model.calls).toHaveLength(2);
  });

  it('rejects an estimateTokens that returns NaN instead of silently switching the limit off', async () => {
    const model = scriptedModel({ turns: Array.from({ length: 5 }, () => ({ text: 'ok' })) });
    let calls = 0;
    const wrapped = wrapModel({
      model,
      middleware: [
        rateLimit({ tokensPerMinute: 1000, estimateTokens: () => (calls++ === 0 ? Number.NaN : 600) }),
      ],
    });
    await expect(wrapped.generate(request)).rejects.toMatchObject({
      code: 'invalid-option',
      option: 'estimateTokens',
    });
    const results = Array.from({ length: 3 }, () => wrapped.generate(request));
    await vi.advanceTimersByTimeAsync(0);
    expect(model.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    await Promise.all(results);
    expect(model.calls).toHaveLength(3);
  });

  it('an estimateTokens that throws does not keep its concurrency slot', async () => {
    const model = scriptedModel({ turns: [{ text: 'ok' }] });
    let calls = 0;
    const wrapped = wrapModel({
      model,
      middleware: [
        rateLimit({
          concurrency: 1,
          tokensPerMinute: 10_000,
          estimateTokens: () => {
            if (calls++ === 0) throw new Error('estimator bug');
            return 10;
          },
        }),
      ],
    });
    await expect(wrapped.generate(request)).rejects.toThrow('estimator bug');
    const second = wrapped.generate(request);
    await vi.advanceTimersByTimeAsync(0);
    await expect(second).resolves.toMatchObject({ text: 'ok' });
  });
});

describe('review: retry() on a long-lived signal', () => {
  /** Node 20 keeps every AbortSignal.any() joined to a source in a set on the source, for good. */
  function dependants(signal: AbortSignal): number {
    const key = Object.getOwnPropertySymbols(signal).find(
      (symbol) => symbol.description === 'kDependantSignals',
    );
    const set = key ? (signal as unknown as Record<symbol, Set<unknown> | undefined>)[key] : undefined;
    return set?.size ?? 0;
  }

  it('leaves no listener, timer or joined signal on the caller’s signal after 1,000 calls', async () => {
    const app = new AbortController();
    const model = scriptedModel({
      turns: Array.from({ length: 2200 }, (_, index) =>
        index % 2 === 0 && index < 2000 ? { error: apiError(503) } : { text: 'ok' },
      ),
    });
    const wrapped = wrapModel({
      model,
      middleware: [
        retry({ timeoutMs: 1000, totalTimeoutMs: 5000, random: () => 0.5 }),
        rateLimit({ concurrency: 4, requestsPerMinute: 1e9 }),
      ],
    });
    for (let index = 0; index < 1000; index++) {
      const result = wrapped.generate(request, { signal: app.signal });
      await vi.advanceTimersByTimeAsync(250);
      await result;
    }
    for (let index = 0; index < 100; index++) {
      for await (const _part of wrapped.stream(request, { signal: app.signal })) break;
    }
    expect(getEventListeners(app.signal, 'abort')).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(dependants(app.signal)).toBe(0);
  });
});

describe('review: retry() with many calls in flight on one signal', () => {
  it('puts at most one listener on the caller’s signal and still aborts every call', async () => {
    const app = new AbortController();
    const model: Model = {
      provider: 'test',
      modelId: 'hang',
      generate: (_request, options) =>
        new Promise((_resolve, reject) => {
          options?.signal?.addEventListener('abort', () => reject(options.signal?.reason), { once: true });
        }),
      stream: () => {
        throw new Error('not used');
      },
    };
    const wrapped = wrapModel({ model, middleware: [retry({ timeoutMs: 60_000, totalTimeoutMs: 120_000 })] });
    const calls = Array.from({ length: 20 }, () =>
      wrapped.generate(request, { signal: app.signal }).catch((error: unknown) => error),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(getEventListeners(app.signal, 'abort').length).toBeLessThanOrEqual(1);
    app.abort();
    for (const error of await Promise.all(calls)) expect(error).toMatchObject({ code: 'aborted' });
    expect(vi.getTimerCount()).toBe(0);
  });
});
