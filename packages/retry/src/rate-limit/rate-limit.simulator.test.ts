import { type ModelRequest, wrapModel } from '@toolloop/core';
import { openai } from '@toolloop/openai';
import { type Simulator, startSimulator } from '@toolloop/simulator';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { retry } from '../retry/retry.js';
import { rateLimit } from './rate-limit.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.close();
});
afterEach(() => {
  sim.reset();
  vi.useRealTimers();
});

const request: ModelRequest = {
  messages: [{ role: 'user', content: '안녕하세요' }],
  settings: { maxTokens: 50 },
};

function chatRequests(): number {
  return sim.requests.filter((recorded) => recorded.path.endsWith('/chat/completions')).length;
}

/** Lets real socket I/O run while fake timers hold the limiter's waits. */
async function until(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 10_000 && !condition(); turn++)
    await new Promise((resolve) => setImmediate(resolve));
  if (!condition()) throw new Error('condition never became true');
}

describe('rateLimit() over the simulator', () => {
  it('queues instead of sending: the third call of a 2-per-minute limit waits 30 s', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    sim.script({ text: '1' }, { text: '2' }, { text: '3' });
    const model = wrapModel({
      model: openai('gpt-4o-mini', { baseURL: sim.url }),
      middleware: [rateLimit({ requestsPerMinute: 2 })],
    });
    const results = [model.generate(request), model.generate(request), model.generate(request)];
    await until(() => chatRequests() === 2);
    vi.advanceTimersByTime(29_999);
    await new Promise((resolve) => setImmediate(resolve));
    expect(chatRequests()).toBe(2);
    vi.advanceTimersByTime(1);
    const texts = (await Promise.all(results)).map((response) => response.text).sort();
    expect(texts).toEqual(['1', '2', '3']);
    expect(chatRequests()).toBe(3);
  });

  it('[retry(), rateLimit()]: every attempt waits its turn in the limiter', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    sim.fault({ type: 'status', status: 503 });
    sim.script({ text: 'ok' });
    const retries: number[] = [];
    const model = wrapModel({
      model: openai('gpt-4o-mini', { baseURL: sim.url }),
      middleware: [
        retry({ random: () => 0, onRetry: ({ attempt }) => void retries.push(attempt) }),
        rateLimit({ requestsPerMinute: 1 }),
      ],
    });
    const result = model.generate(request);
    await until(() => retries.length === 1);
    // The retry's backoff is 0 ms, but the limiter's minute is not over.
    await new Promise((resolve) => setImmediate(resolve));
    expect(chatRequests()).toBe(1);
    vi.advanceTimersByTime(60_000);
    await expect(result).resolves.toMatchObject({ text: 'ok' });
    expect(chatRequests()).toBe(2);
  });

  it('concurrency holds streams in flight until they end', async () => {
    const local = await startSimulator({ stream: { chunkChars: 2, delayMs: 5 } });
    try {
      const model = wrapModel({
        model: openai('gpt-4o-mini', { baseURL: local.url }),
        middleware: [rateLimit({ concurrency: 1 })],
      });
      const order: string[] = [];
      const consume = async (name: string) => {
        for await (const part of model.stream(request)) {
          if (part.type === 'text-delta') order.push(name);
        }
      };
      await Promise.all([consume('a'), consume('b')]);
      // With one slot the streams never interleave.
      const firstB = order.indexOf('b');
      expect(firstB).toBeGreaterThan(0);
      expect(order.slice(firstB)).not.toContain('a');
    } finally {
      await local.close();
    }
  });
});
