import {
  AbortError,
  APICallError,
  InvalidOptionError,
  type Middleware,
  type ModelRequest,
  TimeoutError,
  wrapModel,
} from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError } from '../test-support/api-error.js';
import { retry } from './retry.js';
import { RetryError } from './retry-error.js';
import type { RetryEvent, RetryOptions } from './retry-options.js';

const request: ModelRequest = { messages: [{ role: 'user', content: '안녕' }] };

function setup(turns: Parameters<typeof scriptedModel>[0]['turns'], options: RetryOptions = {}) {
  const model = scriptedModel({ turns });
  const events: RetryEvent[] = [];
  const seen: { retries?: number | undefined } = {};
  // Outermost, like logging: reads what retry left in the metadata.
  const spy: Middleware = {
    name: 'spy',
    async generate(req, next, context) {
      try {
        return await next(req);
      } finally {
        seen.retries = context.metadata.retries;
      }
    },
  };
  const wrapped = wrapModel({
    model,
    middleware: [spy, retry({ random: () => 0.5, ...options, onRetry: (event) => void events.push(event) })],
  });
  return { model, wrapped, events, seen };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('retry() options', () => {
  it.each([
    [{ maxRetries: -1 }, 'maxRetries'],
    [{ maxRetries: 1.5 }, 'maxRetries'],
    [{ maxRetries: Number.NaN }, 'maxRetries'],
    [{ timeoutMs: 0 }, 'timeoutMs'],
    [{ timeoutMs: -5 }, 'timeoutMs'],
    [{ totalTimeoutMs: 0 }, 'totalTimeoutMs'],
    [{ initialDelayMs: 1000, maxDelayMs: 500 }, 'initialDelayMs'],
    [{ maxRetryAfterMs: -1 }, 'maxRetryAfterMs'],
    [{ retryOn: 'yes' as never }, 'retryOn'],
  ])('rejects %j at construction, naming %s', (options, option) => {
    let thrown: unknown;
    try {
      retry(options);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidOptionError);
    expect((thrown as InvalidOptionError).option).toBe(option);
    expect((thrown as Error).message).toContain(option);
  });
});

describe('retry() generate', () => {
  it('retries 503s with full-jitter backoff inside the documented envelope, then succeeds', async () => {
    const { model, wrapped, events, seen } = setup(
      [{ error: apiError(503) }, { error: apiError(503) }, { text: 'ok' }],
      { random: () => 0.999, initialDelayMs: 500, maxDelayMs: 8000 },
    );
    const result = wrapped.generate(request);
    await vi.advanceTimersByTimeAsync(0);
    expect(model.calls).toHaveLength(1);
    // delay_0 = floor(0.999 · min(8000, 500·2^0)) = 499
    await vi.advanceTimersByTimeAsync(498);
    expect(model.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(model.calls).toHaveLength(2);
    // delay_1 = floor(0.999 · 1000) = 999
    await vi.advanceTimersByTimeAsync(998);
    expect(model.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toMatchObject({ text: 'ok' });
    expect(events.map((event) => [event.attempt, event.delayMs, event.delaySource])).toEqual([
      [1, 499, 'backoff'],
      [2, 999, 'backoff'],
    ]);
    expect(seen.retries).toBe(2);
  });

  it('caps the backoff at maxDelayMs', async () => {
    const turns = [...Array.from({ length: 5 }, () => ({ error: apiError(500) })), { text: 'ok' }];
    const { wrapped, events } = setup(turns, {
      maxRetries: 5,
      random: () => 0.999,
      initialDelayMs: 1000,
      maxDelayMs: 3000,
    });
    const result = wrapped.generate(request);
    await vi.runAllTimersAsync();
    await expect(result).resolves.toMatchObject({ text: 'ok' });
    expect(events.map((event) => event.delayMs)).toEqual([999, 1998, 2997, 2997, 2997]);
  });

  it('throws RetryError keeping every attempt error once maxRetries is spent', async () => {
    const errors = [apiError(503), apiError(undefined), apiError(502)];
    const { model, wrapped, seen } = setup(errors.map((error) => ({ error })));
    const result = wrapped.generate(request).catch((error: unknown) => error);
    await vi.runAllTimersAsync();
    const error = await result;
    expect(RetryError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'retry-exhausted', reason: 'max-retries-exceeded', attempts: 3 });
    expect((error as RetryError).errors).toEqual(errors);
    expect((error as RetryError).lastError).toBe(errors[2]);
    expect((error as RetryError).cause).toBe(errors[2]);
    expect(model.calls).toHaveLength(3);
    expect(seen.retries).toBe(2);
  });

  it('never retries a 400, and rethrows it unwrapped', async () => {
    const error = apiError(400);
    const { model, wrapped, seen } = setup([{ error }, { text: 'never' }]);
    await expect(wrapped.generate(request)).rejects.toBe(error);
    expect(model.calls).toHaveLength(1);
    expect(seen.retries).toBe(0);
  });

  it.each([401, 403, 404, 422])('never retries a %i', async (status) => {
    const { model, wrapped } = setup([{ error: apiError(status) }, { text: 'never' }]);
    await expect(wrapped.generate(request)).rejects.toBeInstanceOf(APICallError);
    expect(model.calls).toHaveLength(1);
  });

  it('retries 408, 409 and 429', async () => {
    const { model, wrapped } = setup(
      [{ error: apiError(408) }, { error: apiError(409) }, { error: apiError(429) }, { text: 'ok' }],
      {
        maxRetries: 3,
      },
    );
    const result = wrapped.generate(request);
    await vi.runAllTimersAsync();
    await expect(result).resolves.toMatchObject({ text: 'ok' });
    expect(model.calls).toHaveLength(4);
  });

  it('respects isRetryable=false from the provider (429 insufficient_quota)', async () => {
    const quota = apiError(429, { providerCode: 'insufficient_quota', isRetryable: false });
    const { model, wrapped } = setup([{ error: quota }, { text: 'never' }]);
    await expect(wrapped.generate(request)).rejects.toBe(quota);
    expect(model.calls).toHaveLength(1);
  });

  it('x-should-retry: true forces a retry of a 400; false forbids one of a 503', async () => {
    const forced = setup([
      { error: apiError(400, { headers: { 'x-should-retry': 'true' } }) },
      { text: 'ok' },
    ]);
    const result = forced.wrapped.generate(request);
    await vi.runAllTimersAsync();
    await expect(result).resolves.toMatchObject({ text: 'ok' });
    expect(forced.model.calls).toHaveLength(2);

    const forbidden = setup([
      { error: apiError(503, { headers: { 'x-should-retry': 'false' } }) },
      { text: 'never' },
    ]);
    await expect(forbidden.wrapped.generate(request)).rejects.toBeInstanceOf(APICallError);
    expect(forbidden.model.calls).toHaveLength(1);
  });

  it('wraps a later non-retryable failure in RetryError with reason not-retryable', async () => {
    const { wrapped } = setup([{ error: apiError(503) }, { error: apiError(400) }]);
    const result = wrapped.generate(request).catch((error: unknown) => error);
    await vi.runAllTimersAsync();
    expect(await result).toMatchObject({ code: 'retry-exhausted', reason: 'not-retryable', attempts: 2 });
  });

  it('waits exactly what retry-after-ms / retry-after ask, ahead of backoff', async () => {
    const { model, wrapped, events } = setup([
      { error: apiError(429, { headers: { 'retry-after-ms': '1500' } }) },
      { error: apiError(429, { headers: { 'retry-after': '2' } }) },
      { text: 'ok' },
    ]);
    const result = wrapped.generate(request);
    await vi.advanceTimersByTimeAsync(1499);
    expect(model.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(model.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1999);
    expect(model.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toMatchObject({ text: 'ok' });
    expect(events.map((event) => [event.delayMs, event.delaySource])).toEqual([
      [1500, 'retry-after'],
      [2000, 'retry-after'],
    ]);
  });

  it('honours retry-after as an HTTP date', async () => {
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    const headers = { 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' };
    const { wrapped, events } = setup([{ error: apiError(503, { headers }) }, { text: 'ok' }]);
    const result = wrapped.generate(request);
    await vi.runAllTimersAsync();
    await expect(result).resolves.toMatchObject({ text: 'ok' });
    expect(events[0]).toMatchObject({ delayMs: 3000, delaySource: 'retry-after' });
  });

  it('falls back to backoff when retry-after is unparseable', async () => {
    const headers = { 'retry-after': 'soon-ish' };
    const { wrapped, events } = setup([{ error: apiError(503, { headers }) }, { text: 'ok' }], {
      random: () => 0.5,
    });
    const result = wrapped.generate(request);
    await vi.runAllTimersAsync();
    await expect(result).resolves.toMatchObject({ text: 'ok' });
    expect(events[0]).toMatchObject({ delayMs: 250, delaySource: 'backoff' });
  });

  it('fails fast when the server asks for a wait longer than maxRetryAfterMs', async () => {
    const { model, wrapped, events } = setup([
      { error: apiError(429, { headers: { 'retry-after': '3600' } }) },
      { text: 'never' },
    ]);
    const error = await wrapped.generate(request).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'retry-exhausted', reason: 'retry-after-too-long', attempts: 1 });
    expect((error as Error).message).toContain('maxRetryAfterMs (60000 ms)');
    expect(model.calls).toHaveLength(1);
    expect(events).toEqual([]);
  });

  it('aborts a wait at once when the caller aborts, without another attempt', async () => {
    const { model, wrapped } = setup([{ error: apiError(503) }, { text: 'never' }], {
      initialDelayMs: 10_000,
      maxDelayMs: 10_000,
    });
    const controller = new AbortController();
    const result = wrapped.generate(request, { signal: controller.signal }).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    const error = await result;
    expect(error).toBeInstanceOf(AbortError);
    await vi.runAllTimersAsync();
    expect(model.calls).toHaveLength(1);
  });

  it('never retries an abort', async () => {
    const { model, wrapped } = setup([{ error: new AbortError() }, { text: 'never' }]);
    await expect(wrapped.generate(request)).rejects.toBeInstanceOf(AbortError);
    expect(model.calls).toHaveLength(1);
  });

  it('timeoutMs aborts a hanging attempt with a retryable TimeoutError', async () => {
    const signals: AbortSignal[] = [];
    const { model, wrapped, events } = setup(
      [(_request) => ({ delayMs: 60_000, text: 'too late' }), { text: 'ok' }],
      { timeoutMs: 1000, random: () => 0 },
    );
    const original = model.generate;
    (model as { generate: typeof model.generate }).generate = (req, options) => {
      if (options?.signal) signals.push(options.signal);
      return original(req, options);
    };
    const result = wrapped.generate(request);
    await vi.advanceTimersByTimeAsync(999);
    expect(model.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toMatchObject({ text: 'ok' });
    expect(signals[0]?.aborted).toBe(true);
    expect(events[0]?.error).toBeInstanceOf(TimeoutError);
    expect(events[0]?.error).toMatchObject({ phase: 'attempt', timeoutMs: 1000 });
  });

  it('timeoutMs also bounds a model that ignores its signal', async () => {
    const hanging = {
      provider: 'x',
      modelId: 'y',
      generate: () => new Promise<never>(() => {}),
      stream: () => ({}) as never,
    };
    const wrapped = wrapModel({
      model: hanging,
      middleware: [retry({ timeoutMs: 50, maxRetries: 1, random: () => 0 })],
    });
    const result = wrapped.generate(request).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(100);
    expect(await result).toMatchObject({ code: 'retry-exhausted', attempts: 2 });
  });

  it('totalTimeoutMs bounds attempts and waits together', async () => {
    const { model, wrapped } = setup(
      [{ error: apiError(503) }, { delayMs: 60_000, text: 'slow' }, { text: 'never' }],
      { totalTimeoutMs: 2000, random: () => 0.999, initialDelayMs: 1000, maxDelayMs: 1000 },
    );
    const result = wrapped.generate(request).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(2000);
    const error = await result;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ phase: 'total', timeoutMs: 2000 });
    expect(model.calls).toHaveLength(2);
  });

  it('fails at once instead of sleeping past totalTimeoutMs', async () => {
    const headers = { 'retry-after': '30' };
    const { model, wrapped } = setup([{ error: apiError(429, { headers }) }, { text: 'never' }], {
      totalTimeoutMs: 10_000,
    });
    const error = await wrapped.generate(request).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'timeout', phase: 'total' });
    expect((error as Error).cause).toBeInstanceOf(APICallError);
    expect(model.calls).toHaveLength(1);
  });

  it('retryOn replaces the default policy and sees attempt, error, headers and elapsed time', async () => {
    const seen: unknown[] = [];
    const { model, wrapped } = setup(
      [{ error: apiError(400, { headers: { 'x-a': '1' } }) }, { error: apiError(400) }],
      {
        random: () => 0.5,
        retryOn: (context) => {
          seen.push({ attempt: context.attempt, headers: context.headers, elapsedMs: context.elapsedMs });
          return context.attempt < 2;
        },
      },
    );
    const result = wrapped.generate(request).catch((error: unknown) => error);
    await vi.runAllTimersAsync();
    expect(await result).toMatchObject({ reason: 'not-retryable' });
    expect(model.calls).toHaveLength(2);
    expect(seen).toEqual([
      { attempt: 1, headers: { 'x-a': '1' }, elapsedMs: 0 },
      { attempt: 2, headers: {}, elapsedMs: 250 },
    ]);
  });

  it('maxRetries 0 makes one attempt and rethrows its error', async () => {
    const error = apiError(503);
    const { model, wrapped } = setup([{ error }, { text: 'never' }], { maxRetries: 0 });
    await expect(wrapped.generate(request)).rejects.toBe(error);
    expect(model.calls).toHaveLength(1);
  });
});

describe('retry() and the layers inside it', () => {
  it('gives an inner middleware the signal of the attempt it runs in, through its own call options', async () => {
    const seen: Array<{ own: AbortSignal | undefined; run: AbortSignal | undefined }> = [];
    const inner: Middleware = {
      name: 'inner',
      async generate(req, next, context, options) {
        seen.push({ own: options.signal, run: context.signal });
        return next(req);
      },
    };
    const model = scriptedModel({ turns: [{ text: 'slow', delayMs: 10_000 }, { text: 'ok' }] });
    const run = new AbortController();
    const wrapped = wrapModel({
      model,
      middleware: [retry({ timeoutMs: 1_000, maxRetries: 1, random: () => 0 }), inner],
    });
    const answer = wrapped.generate(request, { signal: run.signal });
    await vi.advanceTimersByTimeAsync(60_000);
    expect((await answer).text).toBe('ok');
    expect(seen).toHaveLength(2);
    const [first, second] = seen as [(typeof seen)[0], (typeof seen)[0]];
    // The first attempt's own signal fired at its timeout; the run's signal did not.
    expect(first.own?.aborted).toBe(true);
    expect(first.own?.reason).toMatchObject({ code: 'timeout', phase: 'attempt' });
    expect(first.run).toBe(run.signal);
    expect(run.signal.aborted).toBe(false);
    expect(second.own).not.toBe(first.own);
    expect(second.own?.aborted).toBe(false);
  });
});
