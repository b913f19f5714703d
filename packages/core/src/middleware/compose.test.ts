import { describe, expect, it } from 'vitest';
import type { Message } from '../messages/message.js';
import { collectStream } from '../model/collect-stream.js';
import type { ModelResponse, StreamPart } from '../model/model.js';
import { createAgent } from '../run/create-agent.js';
import { scriptedModel } from '../test/scripted-model.js';
import { objectTool } from '../test/test-tools.js';
import type { Middleware } from './middleware.js';
import { wrapModel } from './wrap-model.js';

function tracer(name: string, log: string[]): Middleware {
  return {
    name,
    async generate(request, next) {
      log.push(`${name} in`);
      const response = await next(request);
      log.push(`${name} out`);
      return response;
    },
    async *stream(request, next) {
      log.push(`${name} stream in`);
      yield* next(request);
      log.push(`${name} stream out`);
    },
    async tool(call, next) {
      log.push(`${name} tool ${call.toolName}`);
      return next(call);
    },
  };
}

describe('middleware onions', () => {
  it('runs model and tool middleware outermost first', async () => {
    const log: string[] = [];
    const tool = objectTool({ name: 't', execute: () => log.push('execute') });
    const model = scriptedModel({ turns: [{ toolCalls: [{ toolName: 't' }] }, { text: 'done' }] });
    await createAgent({ model, tools: [tool], middleware: [tracer('a', log), tracer('b', log)] }).run('x');
    expect(log).toEqual([
      'a in',
      'b in',
      'b out',
      'a out',
      'a tool t',
      'b tool t',
      'execute',
      'a in',
      'b in',
      'b out',
      'a out',
    ]);
  });

  it('lets a middleware short-circuit without calling next, for generate and stream', async () => {
    const canned: ModelResponse = { text: 'from cache', toolCalls: [], finishReason: 'stop' };
    const shortCircuit: Middleware = { name: 'cache-like', generate: async () => canned };
    const model = scriptedModel({ turns: [] });
    const agent = createAgent({ model, middleware: [shortCircuit] });
    expect((await agent.run('x')).text).toBe('from cache');
    const deltas: string[] = [];
    for await (const event of agent.stream('x')) if (event.type === 'text-delta') deltas.push(event.delta);
    expect(deltas).toEqual(['from cache']);
    expect(model.calls).toHaveLength(0);
  });

  it('applies a generate-only middleware to streams: its request change reaches the model and parts flow live', async () => {
    const mask: Middleware = {
      name: 'mask-phone',
      generate(request, next) {
        const messages = request.messages.map(
          (m): Message =>
            m.role === 'user' && typeof m.content === 'string'
              ? { ...m, content: m.content.replace(/\d{3}-\d{4}-\d{4}/g, '***') }
              : m,
        );
        return next({ ...request, messages });
      },
    };
    const model = scriptedModel({ turns: [{ text: 'abcdefgh' }], chunkChars: 2 });
    const stream = wrapModel({ model, middleware: [mask] }).stream({
      messages: [{ role: 'user', content: '내 번호는 010-1234-5678' }],
    });
    const parts: StreamPart[] = [];
    for await (const part of stream) parts.push(part);
    expect(model.calls[0]!.messages[0]!.content).toBe('내 번호는 ***');
    expect(parts.filter((p) => p.type === 'text-delta')).toHaveLength(4);
  });

  it('lets tool middleware deny a call; the model reads the denial', async () => {
    const executed: string[] = [];
    const approval: Middleware = {
      name: 'approval',
      async tool(call, next) {
        if (call.toolName === 'delete_everything')
          return { isError: true, error: new Error('Denied by policy.') };
        return next(call);
      },
    };
    const tool = objectTool({ name: 'delete_everything', execute: () => executed.push('oops') });
    const model = scriptedModel({
      turns: [{ toolCalls: [{ toolName: 'delete_everything' }] }, { text: 'ok' }],
    });
    await createAgent({ model, tools: [tool], middleware: [approval] }).run('x');
    expect(executed).toEqual([]);
    expect(model.calls[1]!.messages.at(-1)).toMatchObject({
      role: 'tool',
      content: 'Error: Denied by policy.',
      isError: true,
    });
  });

  it('passes per-call options (a signal) from an outer middleware down to the model', async () => {
    let seen: AbortSignal | undefined;
    const controller = new AbortController();
    const withSignal: Middleware = {
      name: 's',
      generate: (request, next) => next(request, { signal: controller.signal }),
    };
    const passThrough: Middleware = { name: 'p', generate: (request, next) => next(request) };
    const inner = scriptedModel({ turns: [{ text: 'x' }] });
    const model = {
      ...inner,
      generate(request: Parameters<typeof inner.generate>[0], options?: { signal?: AbortSignal }) {
        seen = options?.signal;
        return inner.generate(request, options);
      },
    };
    await wrapModel({ model, middleware: [withSignal, passThrough] }).generate({ messages: [] });
    expect(seen).toBe(controller.signal);
  });

  it('collects a stream into the response generate would give', async () => {
    const model = scriptedModel({ turns: [{ text: 'hello', usage: { inputTokens: 1, outputTokens: 2 } }] });
    const response = await collectStream(model.stream({ messages: [] }));
    expect(response).toEqual({
      text: 'hello',
      toolCalls: [],
      finishReason: 'stop',
      usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 },
    });
  });
});

describe('cache hits in run results', () => {
  it('counts a step served from a cache as free and unbilled', async () => {
    const cached: ModelResponse = {
      text: 'stored answer',
      toolCalls: [],
      finishReason: 'stop',
      usage: { inputTokens: 1000, outputTokens: 100, totalTokens: 1100 },
    };
    const cacheLike: Middleware = {
      name: 'cache-like',
      async generate() {
        return { ...cached, source: 'cache' };
      },
    };
    const model = scriptedModel({ modelId: 'gpt-4o-mini', turns: [] });
    const result = await createAgent({ model, middleware: [cacheLike] }).run('x');
    expect(result.steps[0]).toMatchObject({ cacheHit: true, cost: 0, usage: cached.usage });
    expect(result.cost).toBe(0);
    expect(result.usage.totalTokens).toBe(0);
  });
});
