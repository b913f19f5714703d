import { describe, expect, it } from 'vitest';
import type { Middleware } from '../middleware/middleware.js';
import { scriptedModel } from '../test/scripted-model.js';
import type { Tool } from '../tool/tool.js';
import { createAgent } from './create-agent.js';

const echo: Tool<{ text: string }> = {
  name: 'echo',
  description: 'echo',
  jsonSchema: { type: 'object', properties: { text: { type: 'string' } } },
  parseInput: (input) => ({ success: true, data: input as { text: string } }),
  execute: ({ text }) => text,
};

describe('RunOptions.middleware', () => {
  it('wraps the model and tool calls of that run only, outside the agent’s own middleware', async () => {
    const order: string[] = [];
    const tracer = (name: string): Middleware => ({
      name,
      async generate(request, next) {
        order.push(`${name}:model`);
        return next(request);
      },
      async tool(call, next) {
        order.push(`${name}:tool`);
        return next(call);
      },
    });
    const model = scriptedModel({
      turns: [
        { toolCalls: [{ toolName: 'echo', arguments: { text: 'hi' } }] },
        { text: 'done' },
        { text: 'again' },
      ],
    });
    const agent = createAgent({ model, tools: [echo], middleware: [tracer('agent')] });
    await agent.run('x', { middleware: [tracer('run')] });
    expect(order).toEqual(['run:model', 'agent:model', 'run:tool', 'agent:tool', 'run:model', 'agent:model']);
    order.length = 0;
    await agent.run('y');
    expect(order).toEqual(['agent:model']);
  });
});

describe('RunOptions.model', () => {
  it('answers that run with the given model, still through the agent’s middleware and tools', async () => {
    const seen: string[] = [];
    const agentModel = scriptedModel({ turns: [{ text: 'from the agent’s model' }] });
    const runModel = scriptedModel({
      turns: [
        { toolCalls: [{ toolName: 'echo', arguments: { text: 'hi' } }] },
        { text: 'from the run’s model' },
      ],
    });
    const agent = createAgent({
      model: agentModel,
      tools: [echo],
      middleware: [
        {
          name: 'spy',
          async generate(request, next, context) {
            seen.push(`model:${context.model === runModel ? 'run' : 'agent'}`);
            return next(request);
          },
          async tool(call, next) {
            seen.push(`tool:${call.toolName}`);
            return next(call);
          },
        },
      ],
    });
    const result = await agent.run('x', { model: runModel });
    expect(result.text).toBe('from the run’s model');
    expect(result.toolCalls.map((r) => r.output)).toEqual(['hi']);
    expect(seen).toEqual(['model:run', 'tool:echo', 'model:run']);
    expect((await agent.run('y')).text).toBe('from the agent’s model');
  });
});

describe('RunOptions.batchItem', () => {
  const seen: Array<{ kind: string; batchItem: unknown }> = [];
  const recorder: Middleware = {
    name: 'recorder',
    async generate(request, next, context) {
      seen.push({ kind: 'model', batchItem: context.batchItem });
      return next(request);
    },
    async *stream(request, next, context) {
      seen.push({ kind: 'model-stream', batchItem: context.batchItem });
      yield* next(request);
    },
    async tool(call, next, context) {
      seen.push({ kind: 'tool', batchItem: context.batchItem });
      return next(call);
    },
  };
  const turns = [{ toolCalls: [{ toolName: 'echo', arguments: { text: 'hi' } }] }, { text: 'done' }];

  it('reaches every model and tool call context of the run, in run and stream', async () => {
    const batchItem = { batchId: 'batch_1', customId: 'req-1' };
    seen.length = 0;
    const agent = createAgent({ model: scriptedModel({ turns: [...turns, ...turns] }), tools: [echo] });
    await agent.run('x', { middleware: [recorder], batchItem });
    for await (const _ of agent.stream('x', { middleware: [recorder], batchItem })) {
      // drain
    }
    expect(seen).toEqual([
      { kind: 'model', batchItem },
      { kind: 'tool', batchItem },
      { kind: 'model', batchItem },
      { kind: 'model-stream', batchItem },
      { kind: 'tool', batchItem },
      { kind: 'model-stream', batchItem },
    ]);
  });

  it('is undefined in the contexts of a run without one', async () => {
    seen.length = 0;
    const agent = createAgent({ model: scriptedModel({ turns }), tools: [echo], middleware: [recorder] });
    await agent.run('x');
    expect(seen.map((entry) => entry.batchItem)).toEqual([undefined, undefined, undefined]);
    expect(seen).toHaveLength(3);
  });
});
