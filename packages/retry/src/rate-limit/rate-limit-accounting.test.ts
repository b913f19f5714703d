import { type ModelRequest, wrapModel } from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { retry } from '../retry/retry.js';
import { RetryError } from '../retry/retry-error.js';
import { rateLimit } from './rate-limit.js';

const request: ModelRequest = { messages: [{ role: 'user', content: '안녕' }], settings: { maxTokens: 10 } };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('rateLimit()', () => {
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
