// retry() on a long-lived caller signal: one listener at most, nothing left behind.
import { getEventListeners } from 'node:events';
import { type Model, type ModelRequest, wrapModel } from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { rateLimit } from '../rate-limit/rate-limit.js';
import { apiError } from '../test-support/api-error.js';
import { retry } from './retry.js';

const request: ModelRequest = { messages: [{ role: 'user', content: '안녕' }], settings: { maxTokens: 10 } };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('retry() on a long-lived signal', () => {
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
describe('retry() with many calls in flight on one signal', () => {
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
