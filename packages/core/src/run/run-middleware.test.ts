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
