import { describe, expect, it } from 'vitest';
import type { Model, StreamPart } from '../model/model.js';
import { createAgent } from './create-agent.js';
import type { AgentEvent } from './types.js';

function streamingModel(parts: StreamPart[], log: string[] = []): Model {
  return {
    provider: 'test',
    modelId: 'm',
    generate: () => Promise.reject(new Error('unused')),
    async *stream(): AsyncIterable<StreamPart> {
      try {
        for (const part of parts) yield part;
      } finally {
        log.push('model closed');
      }
    },
  };
}

const abc: StreamPart[] = [
  { type: 'text-delta', delta: 'a' },
  { type: 'text-delta', delta: 'b' },
  { type: 'text-delta', delta: 'c' },
  { type: 'finish', finishReason: 'stop' },
];

describe('the agent.stream() iterator', () => {
  it('serves next() calls made at once in order, as a generator would', async () => {
    const iterator = createAgent({ model: streamingModel(abc) })
      .stream('x')
      [Symbol.asyncIterator]();
    const results = await Promise.all(Array.from({ length: 10 }, () => iterator.next()));
    const types = results.map((result) => (result.done ? 'done' : result.value.type));
    expect(types).toEqual([
      'run-start',
      'step-start',
      'text-delta',
      'text-delta',
      'text-delta',
      'step-finish',
      'run-finish',
      'done',
      'done',
      'done',
    ]);
    const deltas = results.flatMap((r) => (!r.done && r.value.type === 'text-delta' ? [r.value.delta] : []));
    expect(deltas).toEqual(['a', 'b', 'c']);
  });

  it('gives a failure as an error event, throws it on the next call, then is done', async () => {
    const iterator = createAgent({ model: streamingModel(abc.slice(0, 2)) })
      .stream('x')
      [Symbol.asyncIterator]();
    const seen: AgentEvent[] = [];
    let result = await iterator.next();
    while (!result.done && result.value.type !== 'error') {
      seen.push(result.value);
      result = await iterator.next();
    }
    expect(seen.map((event) => event.type)).toEqual(['run-start', 'step-start', 'text-delta', 'text-delta']);
    const errorEvent = result.value as Extract<AgentEvent, { type: 'error' }>;
    expect((errorEvent.error as Error).name).toBe('StreamInterruptedError');
    await expect(iterator.next()).rejects.toBe(errorEvent.error);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('return() in the middle of a step closes the model stream and ends the iterator', async () => {
    const log: string[] = [];
    const iterator = createAgent({ model: streamingModel(abc, log) })
      .stream('x')
      [Symbol.asyncIterator]();
    await iterator.next(); // run-start
    await iterator.next(); // step-start
    expect(await iterator.next()).toMatchObject({ value: { type: 'text-delta', delta: 'a' } });
    expect(await iterator.return!()).toEqual({ done: true, value: undefined });
    expect(log).toEqual(['model closed']);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('each for-await over the same stream() starts its own run', async () => {
    const events = createAgent({ model: streamingModel(abc) }).stream('x');
    for (let i = 0; i < 2; i++) {
      let text = '';
      for await (const event of events) if (event.type === 'text-delta') text += event.delta;
      expect(text).toBe('abc');
    }
  });
});
