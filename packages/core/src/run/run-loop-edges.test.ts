// The run loop under hostile tools, stalled providers, long-lived signals and unknown usage.
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { AbortError, ToolInputError } from '../errors/index.js';
import type { ToolMessage } from '../messages/message.js';
import type { Middleware } from '../middleware/middleware.js';
import type { Model, StreamPart } from '../model/model.js';
import { settlesOnAbort } from '../signal/settles-on-abort.js';
import { scriptedModel } from '../test/scripted-model.js';
import { objectTool } from '../test/test-tools.js';
import { estimateRequestTokens } from '../tokens/estimate-request-tokens.js';
import type { Tool } from '../tool/tool.js';
import { createAgent } from './create-agent.js';

function toolMessages(messages: readonly { role: string }[]): ToolMessage[] {
  return messages.filter((m): m is ToolMessage => m.role === 'tool');
}

describe('run loop, adversarial cases', () => {
  it('feeds a parseInput that throws back to the model as a tool input error', async () => {
    const throwing: Tool = {
      ...objectTool({ name: 'lookup', execute: () => 'never' }),
      parseInput() {
        throw new Error('id must be a UUID');
      },
    };
    const model = scriptedModel({
      turns: [{ toolCalls: [{ toolName: 'lookup', arguments: { id: 1 } }] }, { text: 'ok' }],
    });
    const result = await createAgent({ model, tools: [throwing] }).run('x');
    expect(result.text).toBe('ok');
    const [message] = toolMessages(model.calls[1]!.messages);
    expect(message?.isError).toBe(true);
    expect(message?.content).toContain('id must be a UUID');
    expect(result.toolCalls[0]?.error).toBeInstanceOf(ToolInputError);
  });

  it('sends a BigInt output as a string and reports a circular output as a tool error', async () => {
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    const big = objectTool({ name: 'big', execute: () => ({ id: 9007199254740993n }) });
    const loop = objectTool({ name: 'loop', execute: () => circular });
    const model = scriptedModel({
      turns: [{ toolCalls: [{ toolName: 'big' }, { toolName: 'loop' }] }, { text: 'done' }],
    });
    const result = await createAgent({ model, tools: [big, loop] }).run('x');
    expect(result.text).toBe('done');
    const [bigMessage, loopMessage] = toolMessages(model.calls[1]!.messages);
    expect(bigMessage).toMatchObject({ content: '{"id":"9007199254740993"}' });
    expect(bigMessage?.isError).toBeUndefined();
    expect(loopMessage?.isError).toBe(true);
    expect(loopMessage?.content).toMatch(/^Error: Tool "loop" returned a value that cannot be sent as JSON/);
    expect(result.toolCalls[1]).toMatchObject({ isError: true, toolName: 'loop' });
  });

  it('keeps tool results in call order when the model repeats a tool-call id', async () => {
    // The first call finishes only after the second has: results arrive out of call order.
    let secondFinished!: () => void;
    const afterSecond = new Promise<void>((resolve) => (secondFinished = resolve));
    const slow = objectTool<{ ms: number }>({
      name: 'wait',
      async execute({ ms }) {
        if (ms === 30) await afterSecond;
        else setImmediate(secondFinished);
        return `waited ${ms}`;
      },
    });
    const model = scriptedModel({
      turns: [
        {
          toolCalls: [
            { toolCallId: 'call_0', toolName: 'wait', arguments: { ms: 30 } },
            { toolCallId: 'call_0', toolName: 'wait', arguments: { ms: 1 } },
          ],
        },
        { text: 'done' },
      ],
    });
    const result = await createAgent({ model, tools: [slow] }).run('x');
    expect(toolMessages(model.calls[1]!.messages).map((m) => m.content)).toEqual(['waited 30', 'waited 1']);
    expect(result.toolCalls.map((call) => call.output)).toEqual(['waited 30', 'waited 1']);
  });

  it('ends a streaming run with AbortError when the provider stalls and ignores the signal', async () => {
    const controller = new AbortController();
    const model: Model = {
      provider: 'test',
      modelId: 'm',
      generate: () => Promise.reject(new Error('unused')),
      async *stream(): AsyncIterable<StreamPart> {
        yield { type: 'text-delta', delta: '옛날' };
        await new Promise(() => {});
      },
    };
    const events: string[] = [];
    const error = await (async () => {
      for await (const event of createAgent({ model }).stream('x', { signal: controller.signal })) {
        events.push(event.type);
        if (event.type === 'text-delta') setImmediate(() => controller.abort());
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(events.at(-1)).toBe('error');
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  }, 2_000);

  it('a model marked settlesOnAbort is not raced without middleware, and is raced with some', async () => {
    // A marked model that (against its mark) ignores the signal: with no middleware the run waits
    // for it, which shows no race was set up; with a middleware in between, the race ends the run.
    let release: (() => void) | undefined;
    const marked: Model & { [settlesOnAbort]: true } = {
      provider: 'test',
      modelId: 'm',
      generate: () =>
        new Promise((resolve) => {
          release = () => resolve({ text: 'late', toolCalls: [], finishReason: 'stop' });
        }),
      stream: () => {
        throw new Error('unused');
      },
      [settlesOnAbort]: true,
    };
    const controller = new AbortController();
    const unraced = createAgent({ model: marked }).run('x', { signal: controller.signal });
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    let settled = false;
    void unraced.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    release?.();
    // Nothing raced it: the run ends with the model's own (late) answer.
    expect((await unraced).text).toBe('late');

    const second = new AbortController();
    const passThrough: Middleware = { name: 'pass', generate: (request, next) => next(request) };
    const raced = createAgent({ model: marked, middleware: [passThrough] })
      .run('x', { signal: second.signal })
      .catch((e: unknown) => e);
    await new Promise((resolve) => setImmediate(resolve));
    second.abort();
    expect(await raced).toBeInstanceOf(AbortError);
    expect(getEventListeners(second.signal, 'abort')).toHaveLength(0);
  }, 2_000);

  it('ends a run with AbortError at the abort while its only tool call ignores the signal', async () => {
    const controller = new AbortController();
    const stuck = objectTool<Record<string, never>>({
      name: 'stuck',
      execute: () => {
        setImmediate(() => controller.abort());
        return new Promise(() => {});
      },
    });
    const model = scriptedModel({
      turns: [{ toolCalls: [{ toolName: 'stuck', arguments: {} }] }, { text: 'unused' }],
    });
    const error = await createAgent({ model, tools: [stuck] })
      .run('x', { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  }, 2_000);

  it('leaves no abort listener behind after 10,000 runs on one long-lived signal', async () => {
    const controller = new AbortController();
    const tool = objectTool({ name: 't', execute: () => 1, timeoutMs: 1000 });
    const turns = [{ toolCalls: [{ toolName: 't' }] }, { text: 'done' }];
    const bridged: Middleware = { name: 'generate-only', generate: (request, next) => next(request) };
    for (let i = 0; i < 5000; i++) {
      await createAgent({ model: scriptedModel({ turns }), tools: [tool] }).run('x', {
        signal: controller.signal,
      });
      const agent = createAgent({ model: scriptedModel({ turns }), tools: [tool], middleware: [bridged] });
      for await (const _event of agent.stream('x', { signal: controller.signal })) {
      }
    }
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  }, 60_000);

  it('projects the whole prompt against the budget when the server sent no usage', async () => {
    const model = scriptedModel({
      turns: [{ toolCalls: [{ toolName: 't' }] }, { text: 'done' }],
    });
    const tool = objectTool({
      name: 't',
      execute: () => 'The forecast for Seoul says clear skies. '.repeat(10),
    });
    // The question fits the budget; the question plus ~80 tokens of tool output does not.
    const question = 'How is the weather in Seoul today? '.repeat(30);
    const first = estimateRequestTokens(
      { messages: [{ role: 'user', content: question }] },
      { model: 'scripted-model' },
    );
    const result = await createAgent({
      model,
      tools: [tool],
      budget: { maxTotalTokens: first.inputTokens + 20 },
    }).run(question);
    expect(result.stopReason).toBe('budget-exceeded');
    expect(model.calls).toHaveLength(1);
  });

  it('gives each concurrent tool call its own middleware metadata', async () => {
    const seen: unknown[] = [];
    const tagging: Middleware = {
      name: 'tagging',
      async tool(call, next, context) {
        context.metadata.callId = call.toolCallId;
        const outcome = await next(call);
        seen.push([call.toolCallId, context.metadata.callId]);
        return outcome;
      },
    };
    // `a` finishes only after `b` has, so the two calls' middleware runs interleave.
    let bFinished!: () => void;
    const afterB = new Promise<void>((resolve) => (bFinished = resolve));
    const tool = objectTool<{ ms: number }>({
      name: 'wait',
      execute: async ({ ms }) => {
        if (ms === 20) await afterB;
        else setImmediate(bFinished);
        return ms;
      },
    });
    const model = scriptedModel({
      turns: [
        {
          toolCalls: [
            { toolCallId: 'a', toolName: 'wait', arguments: { ms: 20 } },
            { toolCallId: 'b', toolName: 'wait', arguments: { ms: 1 } },
          ],
        },
        { text: 'done' },
      ],
    });
    await createAgent({ model, tools: [tool], middleware: [tagging] }).run('x');
    expect(seen).toEqual([
      ['b', 'b'],
      ['a', 'a'],
    ]);
  });

  it('aborting while calls wait for a tool slot starts none of them and leaves no listener', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const tool = objectTool<{ n: number }>({
      name: 'work',
      execute: ({ n }) => {
        started.push(n);
        controller.abort();
        return new Promise(() => {});
      },
    });
    const model = scriptedModel({
      turns: [{ toolCalls: [1, 2, 3].map((n) => ({ toolName: 'work', arguments: { n } })) }],
    });
    const error = await createAgent({ model, tools: [tool], toolConcurrency: 1 })
      .run('x', { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([1]);
  });
});
