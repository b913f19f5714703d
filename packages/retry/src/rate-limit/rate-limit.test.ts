import { AbortError, InvalidOptionError, type Model, type ModelRequest, wrapModel } from '@toolloop/core';
import { estimateRequestTokens } from '@toolloop/core/internal';
import { scriptedModel } from '@toolloop/core/test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { rateLimit } from './rate-limit.js';

// 100 prompt tokens by core's estimator (85 words plus the chat framing) and 100 of output.
const request: ModelRequest = {
  messages: [{ role: 'user', content: 'word '.repeat(85).trim() }],
  settings: { maxTokens: 100 },
};

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function texts(count: number, usage?: { inputTokens: number; outputTokens: number }) {
  return Array.from({ length: count }, (_, index) => ({
    text: `answer ${index + 1}`,
    ...(usage ? { usage } : {}),
  }));
}

describe('rateLimit() options', () => {
  it.each([
    [{ requestsPerMinute: 0 }, 'requestsPerMinute'],
    [{ requestsPerMinute: -1 }, 'requestsPerMinute'],
    [{ tokensPerMinute: 0 }, 'tokensPerMinute'],
    [{ tokensPerMinute: Number.NaN }, 'tokensPerMinute'],
    [{ concurrency: 0 }, 'concurrency'],
    [{ concurrency: 1.5 }, 'concurrency'],
    [{}, 'requestsPerMinute'],
  ])('rejects %j at construction, naming %s', (options, option) => {
    expect(() => rateLimit(options)).toThrow(InvalidOptionError);
    try {
      rateLimit(options);
    } catch (error) {
      expect((error as InvalidOptionError).option).toBe(option);
    }
  });
});

describe('rateLimit() requestsPerMinute', () => {
  it('lets a burst of requestsPerMinute through, then spaces the rest evenly', async () => {
    const model = scriptedModel({ turns: texts(4) });
    const wrapped = wrapModel({ model, middleware: [rateLimit({ requestsPerMinute: 2 })] });
    const results = Array.from({ length: 4 }, () => wrapped.generate(request));
    await vi.advanceTimersByTimeAsync(0);
    expect(model.calls).toHaveLength(2);
    // 2 per minute refills one request every 30 s.
    await vi.advanceTimersByTimeAsync(29_999);
    expect(model.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(model.calls).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(model.calls).toHaveLength(4);
    await expect(Promise.all(results)).resolves.toHaveLength(4);
  });

  it('an abort takes a waiting call out of the queue at once', async () => {
    const model = scriptedModel({ turns: texts(3) });
    const wrapped = wrapModel({ model, middleware: [rateLimit({ requestsPerMinute: 1 })] });
    await wrapped.generate(request);
    const controller = new AbortController();
    const waiting = wrapped.generate(request, { signal: controller.signal }).catch((error: unknown) => error);
    const next = wrapped.generate(request);
    await vi.advanceTimersByTimeAsync(1000);
    controller.abort();
    expect(await waiting).toBeInstanceOf(AbortError);
    // The aborted call gave up its place: the next one goes at the 60 s mark.
    await vi.advanceTimersByTimeAsync(59_000);
    await expect(next).resolves.toMatchObject({ text: 'answer 2' });
    expect(model.calls).toHaveLength(2);
  });
});

describe('rateLimit() tokensPerMinute', () => {
  it('reserves the estimated prompt + maxTokens before a call and reconciles with real usage after', async () => {
    expect(estimateRequestTokens(request, { model: 'scripted-model' })).toEqual({
      inputTokens: 100,
      outputTokens: 100,
    });
    // Estimate: 100 (prompt) + 100 (maxTokens) = 200 tokens. Real usage: 50.
    const model = scriptedModel({ turns: texts(3, { inputTokens: 40, outputTokens: 10 }) });
    const wrapped = wrapModel({ model, middleware: [rateLimit({ tokensPerMinute: 300 })] });
    await wrapped.generate(request);
    // 300 − 200 reserved + 150 refunded = 250 left: the next 200 fits at once.
    await wrapped.generate(request);
    expect(model.calls).toHaveLength(2);
    // 250 − 200 + 150 = 200 left: fits again.
    await wrapped.generate(request);
    expect(model.calls).toHaveLength(3);
  });

  it('a call larger than its estimate leaves a debt that delays the next one', async () => {
    const model = scriptedModel({ turns: texts(2, { inputTokens: 300, outputTokens: 300 }) });
    const wrapped = wrapModel({ model, middleware: [rateLimit({ tokensPerMinute: 600 })] });
    await wrapped.generate(request);
    // 600 − 600 used = 0 left; the next call needs 200 → 20 s at 10 tokens/s.
    const next = wrapped.generate(request);
    await vi.advanceTimersByTimeAsync(19_999);
    expect(model.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(next).resolves.toMatchObject({ text: 'answer 2' });
  });
});

describe('rateLimit() concurrency', () => {
  it('keeps at most `concurrency` calls in flight, streams included until they end', async () => {
    let inFlight = 0;
    let peak = 0;
    const model: Model = {
      provider: 'test',
      modelId: 'slow',
      async generate() {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        inFlight--;
        return { text: 'ok', toolCalls: [], finishReason: 'stop' };
      },
      async *stream() {
        inFlight++;
        peak = Math.max(peak, inFlight);
        yield { type: 'text-delta', delta: 'a' };
        await new Promise((resolve) => setTimeout(resolve, 1000));
        inFlight--;
        yield { type: 'finish', finishReason: 'stop' };
      },
    };
    const wrapped = wrapModel({ model, middleware: [rateLimit({ concurrency: 2 })] });
    const drain = async () => {
      for await (const _part of wrapped.stream(request)) {
        // consume
      }
    };
    const all = Promise.all([
      wrapped.generate(request),
      drain(),
      wrapped.generate(request),
      drain(),
      wrapped.generate(request),
    ]);
    await vi.advanceTimersByTimeAsync(0);
    expect(inFlight).toBe(2);
    await vi.advanceTimersByTimeAsync(3000);
    await all;
    expect(peak).toBe(2);
  });

  it('an abort while waiting for a slot rejects at once and frees nothing it did not hold', async () => {
    const model = scriptedModel({ turns: [{ text: 'a', delayMs: 1000 }, { text: 'b' }, { text: 'c' }] });
    const wrapped = wrapModel({ model, middleware: [rateLimit({ concurrency: 1 })] });
    const first = wrapped.generate(request);
    const controller = new AbortController();
    const aborted = wrapped.generate(request, { signal: controller.signal }).catch((error: unknown) => error);
    const third = wrapped.generate(request);
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    expect(await aborted).toBeInstanceOf(AbortError);
    await vi.advanceTimersByTimeAsync(1000);
    await expect(first).resolves.toMatchObject({ text: 'a' });
    await expect(third).resolves.toMatchObject({ text: 'b' });
    expect(model.calls).toHaveLength(2);
  });
});
