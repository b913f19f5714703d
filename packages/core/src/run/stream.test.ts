import { describe, expect, it } from 'vitest';
import { StreamInterruptedError } from '../errors/index.js';
import type { Middleware, StreamNext } from '../middleware/middleware.js';
import type { Model, StreamPart } from '../model/model.js';
import { scriptedModel } from '../test/scripted-model.js';
import { objectTool } from '../test/test-tools.js';
import { createAgent } from './create-agent.js';
import type { AgentEvent } from './types.js';

const weather = objectTool<{ city: string }>({
  name: 'get_weather',
  required: ['city'],
  execute: ({ city }) => ({ city, temperature: 21 }),
});

async function collect(events: AsyncIterable<AgentEvent>): Promise<AgentEvent[]> {
  const out: AgentEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

describe('createAgent().stream', () => {
  it('yields typed events across steps with tools, and ends with the same result run() gives', async () => {
    const turns = [
      {
        toolCalls: [{ toolName: 'get_weather', arguments: { city: '서울' } }],
        usage: { inputTokens: 10, outputTokens: 5 },
      },
      { text: '서울은 21°C입니다.', usage: { inputTokens: 20, outputTokens: 8 } },
    ];
    const events = await collect(
      createAgent({ model: scriptedModel({ turns, chunkChars: 3 }), tools: [weather] }).stream('서울 날씨'),
    );
    const types = events.map((e) => e.type);
    expect(types).toEqual([
      'run-start',
      'step-start',
      'tool-call-delta',
      'tool-call',
      'tool-result',
      'step-finish',
      'step-start',
      'text-delta',
      'text-delta',
      'text-delta',
      'text-delta',
      'step-finish',
      'run-finish',
    ]);
    const text = events.flatMap((e) => (e.type === 'text-delta' ? [e.delta] : [])).join('');
    expect(text).toBe('서울은 21°C입니다.');
    const finish = events.at(-1) as Extract<AgentEvent, { type: 'run-finish' }>;
    expect(finish.usage.totalTokens).toBe(43);
    const fromRun = await createAgent({ model: scriptedModel({ turns }), tools: [weather] }).run('서울 날씨');
    expect(finish.result.text).toBe(fromRun.text);
    expect(finish.result.usage).toEqual(fromRun.usage);
    expect(finish.result.messages).toEqual(fromRun.messages);
  });

  it('never runs a tool before its call is complete', async () => {
    const log: string[] = [];
    const model: Model = {
      provider: 'test',
      modelId: 'm',
      generate: () => Promise.reject(new Error('unused')),
      async *stream(request): AsyncIterable<StreamPart> {
        if (request.messages.at(-1)?.role === 'tool') {
          yield { type: 'text-delta', delta: 'ok' };
          yield { type: 'finish', finishReason: 'stop' };
          return;
        }
        log.push('delta 1');
        yield {
          type: 'tool-call-delta',
          index: 0,
          toolCallId: 'c1',
          toolName: 'get_weather',
          argumentsDelta: '{"city":',
        };
        log.push('delta 2');
        yield {
          type: 'tool-call-delta',
          index: 0,
          toolCallId: 'c1',
          toolName: 'get_weather',
          argumentsDelta: '"서울"}',
        };
        yield {
          type: 'tool-call',
          toolCall: { toolCallId: 'c1', toolName: 'get_weather', arguments: '{"city":"서울"}' },
        };
        log.push('finish');
        yield { type: 'finish', finishReason: 'tool-calls' };
      },
    };
    const tool = objectTool<{ city: string }>({
      name: 'get_weather',
      execute: ({ city }) => log.push(`execute ${city}`),
    });
    await collect(createAgent({ model, tools: [tool] }).stream('x'));
    expect(log).toEqual(['delta 1', 'delta 2', 'finish', 'execute 서울']);
  });

  it('yields an error event and then throws when the stream is cut short', async () => {
    const model: Model = {
      provider: 'test',
      modelId: 'm',
      generate: () => Promise.reject(new Error('unused')),
      async *stream(): AsyncIterable<StreamPart> {
        yield { type: 'text-delta', delta: '옛날 옛적에' };
      },
    };
    const seen: AgentEvent[] = [];
    const error = await (async () => {
      for await (const event of createAgent({ model }).stream('x')) seen.push(event);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect((error as StreamInterruptedError).partialText).toBe('옛날 옛적에');
    expect(seen.at(-1)).toEqual({ type: 'error', error });
  });

  it('a break in the middle of a step closes the model stream, then the run', async () => {
    const log: string[] = [];
    const model: Model = {
      provider: 'test',
      modelId: 'm',
      generate: () => Promise.reject(new Error('unused')),
      async *stream(): AsyncIterable<StreamPart> {
        try {
          yield { type: 'text-delta', delta: 'a' };
          yield { type: 'text-delta', delta: 'b' };
          log.push('read past the break');
        } finally {
          log.push('model stream closed');
        }
      },
    };
    const middleware = {
      name: 'spy',
      async *stream(
        request: Parameters<NonNullable<Middleware['stream']>>[0],
        next: StreamNext,
      ): AsyncIterable<StreamPart> {
        try {
          yield* next(request);
        } finally {
          log.push('middleware closed');
        }
      },
    };
    const deltas: string[] = [];
    for await (const event of createAgent({ model, middleware: [middleware] }).stream('x')) {
      if (event.type === 'text-delta') deltas.push(event.delta);
      if (deltas.length === 1) break;
    }
    expect(deltas).toEqual(['a']);
    expect(log).toEqual(['model stream closed', 'middleware closed']);
  });

  it('an abort in the middle of a step ends the run with AbortError and reads no further part', async () => {
    const controller = new AbortController();
    let reads = 0;
    const model: Model = {
      provider: 'test',
      modelId: 'm',
      generate: () => Promise.reject(new Error('unused')),
      async *stream(): AsyncIterable<StreamPart> {
        for (const delta of ['a', 'b', 'c']) {
          reads++;
          yield { type: 'text-delta', delta };
        }
        yield { type: 'finish', finishReason: 'stop' };
      },
    };
    const seen: AgentEvent[] = [];
    const error = await (async () => {
      for await (const event of createAgent({ model }).stream('x', { signal: controller.signal })) {
        seen.push(event);
        if (event.type === 'text-delta') controller.abort();
      }
    })().catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
    expect(seen.filter((event) => event.type === 'text-delta')).toHaveLength(1);
    expect(reads).toBeLessThanOrEqual(2);
    expect(seen.at(-1)).toEqual({ type: 'error', error });
  });
});
