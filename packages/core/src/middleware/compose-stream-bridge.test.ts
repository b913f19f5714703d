// A generate-only middleware over a stream, and call options through the onion.
import { describe, expect, it } from 'vitest';
import { AbortError } from '../errors/index.js';
import type { CallOptions, Model, StreamPart } from '../model/model.js';
import { createAgent } from '../run/create-agent.js';
import type { AgentEvent } from '../run/types.js';
import type { Middleware } from './middleware.js';

function streamingModel(
  stream: (callIndex: number, options: CallOptions | undefined) => AsyncIterable<StreamPart>,
): Model & { calls: number } {
  const model = {
    provider: 'test',
    modelId: 'm',
    calls: 0,
    generate: () => Promise.reject(new Error('unused')),
    stream(_request: unknown, options?: CallOptions) {
      return stream(model.calls++, options);
    },
  };
  return model;
}

/** A generate-only middleware that retries once on any error, as a naive user would write it. */
const naiveRetry: Middleware = {
  name: 'naive-retry',
  async generate(request, next) {
    try {
      return await next(request);
    } catch {
      return next(request);
    }
  },
};

describe('generate-only middleware over a stream', () => {
  it('surfaces a stream error after parts were forwarded, without a second call or repeated text', async () => {
    const cut = new Error('connection reset');
    const model = streamingModel(async function* (callIndex) {
      yield { type: 'text-delta', delta: '옛날 ' };
      if (callIndex === 0) throw cut;
      yield { type: 'text-delta', delta: '옛적에' };
      yield { type: 'finish', finishReason: 'stop' };
    });
    const events: AgentEvent[] = [];
    const error = await (async () => {
      for await (const event of createAgent({ model, middleware: [naiveRetry] }).stream('x'))
        events.push(event);
    })().catch((e: unknown) => e);
    expect(error).toBe(cut);
    expect(events.flatMap((e) => (e.type === 'text-delta' ? [e.delta] : []))).toEqual(['옛날 ']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(model.calls).toBe(1);
  });

  it('still retries an error that came before any part', async () => {
    const model = streamingModel(async function* (callIndex) {
      if (callIndex === 0) throw new Error('503');
      yield { type: 'text-delta', delta: 'ok' };
      yield { type: 'finish', finishReason: 'stop' };
    });
    const result = await (async () => {
      let text = '';
      for await (const event of createAgent({ model, middleware: [naiveRetry] }).stream('x'))
        if (event.type === 'text-delta') text += event.delta;
      return text;
    })();
    expect(result).toBe('ok');
    expect(model.calls).toBe(2);
  });

  it('stops a stalled provider when the consumer breaks out of the stream', async () => {
    let closed = false;
    const model = streamingModel(async function* (_callIndex, options) {
      try {
        yield { type: 'text-delta', delta: 'a' };
        // A provider waiting on the network: only its signal can end the wait.
        await new Promise((_, reject) => {
          options?.signal?.addEventListener('abort', () => reject(options.signal?.reason), { once: true });
        });
      } finally {
        closed = true;
      }
    });
    const passThrough: Middleware = { name: 'pass', generate: (request, next) => next(request) };
    for await (const event of createAgent({ model, middleware: [passThrough] }).stream('x')) {
      if (event.type === 'text-delta') break;
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(true);
  });

  it('reports a middleware that throws before or after next as the stream error', async () => {
    const before: Middleware = {
      name: 'before',
      generate: async () => {
        throw new Error('denied');
      },
    };
    const after: Middleware = {
      name: 'after',
      async generate(request, next) {
        await next(request);
        throw new Error('rejected response');
      },
    };
    const model = streamingModel(async function* () {
      yield { type: 'text-delta', delta: 'hi' };
      yield { type: 'finish', finishReason: 'stop' };
    });
    for (const [middleware, message] of [
      [before, 'denied'],
      [after, 'rejected response'],
    ] as const) {
      const seen: AgentEvent[] = [];
      const error = await (async () => {
        for await (const event of createAgent({ model, middleware: [middleware] }).stream('x'))
          seen.push(event);
      })().catch((e: unknown) => e);
      expect((error as Error).message).toBe(message);
      expect(seen.at(-1)).toEqual({ type: 'error', error });
    }
  });
});
describe('call options through the onion', () => {
  it('merges the options a middleware gives next over the outer ones, for generate and stream', async () => {
    const received: CallOptions[] = [];
    const attempt = new AbortController();
    const model: Model = {
      provider: 'test',
      modelId: 'm',
      async generate(_request, options) {
        received.push(options ?? {});
        return { text: 'ok', toolCalls: [], finishReason: 'stop' };
      },
      async *stream(_request, options) {
        received.push(options ?? {});
        yield { type: 'finish', finishReason: 'stop' };
      },
    };
    const attemptSignal: Middleware = {
      name: 'attempt-signal',
      generate: (request, next) => next(request, { signal: attempt.signal, headers: { 'x-outer': '1' } }),
      stream: (request, next) => next(request, { signal: attempt.signal, headers: { 'x-outer': '1' } }),
    };
    const header: Middleware = {
      name: 'header',
      generate: (request, next) => next(request, { headers: { 'x-inner': '2' } }),
    };
    const agent = createAgent({ model, middleware: [attemptSignal, header] });
    await agent.run('x');
    // The attempt's signal fired: the bridged stream call must see it, not only the run's signal.
    attempt.abort(new AbortError());
    for await (const _event of agent.stream('x')) {
    }
    expect(received).toHaveLength(2);
    for (const options of received) expect(options.headers).toEqual({ 'x-outer': '1', 'x-inner': '2' });
    expect(received[0]?.signal).toBe(attempt.signal);
    expect(received[1]?.signal?.aborted).toBe(true);
  });
});
