import { describe, expect, it } from 'vitest';
import { AbortError, InvalidOptionError, ToolloopError } from '../errors/index.js';
import type { ToolMessage } from '../messages/message.js';
import { scriptedModel } from '../test/scripted-model.js';
import { objectTool } from '../test/test-tools.js';
import { createAgent } from './create-agent.js';

const weather = objectTool<{ city: string; unit: string }>({
  name: 'get_weather',
  required: ['city'],
  defaults: { unit: 'celsius' },
  execute: ({ city, unit }) => ({ city, unit, temperature: city === '서울' ? 21 : 18 }),
});

function toolMessages(messages: readonly { role: string }[]): ToolMessage[] {
  return messages.filter((m): m is ToolMessage => m.role === 'tool');
}

describe('createAgent().run', () => {
  it('runs a multi-step loop with two parallel tool calls and sums usage', async () => {
    let running = 0;
    let maxRunning = 0;
    // Each call waits until both are running: run one after the other, they would never finish.
    let bothRunning!: () => void;
    const together = new Promise<void>((resolve) => (bothRunning = resolve));
    const slowWeather = objectTool<{ city: string }>({
      name: 'get_weather',
      required: ['city'],
      async execute({ city }) {
        running++;
        maxRunning = Math.max(maxRunning, running);
        if (running === 2) bothRunning();
        await together;
        running--;
        return { city, temperature: 20 };
      },
    });
    const model = scriptedModel({
      turns: [
        {
          toolCalls: [
            { toolName: 'get_weather', arguments: { city: '서울' } },
            { toolName: 'get_weather', arguments: { city: '부산' } },
          ],
          usage: { inputTokens: 100, outputTokens: 20 },
        },
        {
          text: '서울과 부산 모두 20°C입니다.',
          usage: { inputTokens: 150, outputTokens: 10, cachedInputTokens: 50 },
        },
      ],
    });
    const agent = createAgent({ model, tools: [slowWeather], instructions: '간결하게 답변해주세요.' });
    const result = await agent.run('서울과 부산 날씨 알려줘');

    expect(maxRunning).toBe(2);
    expect(result.text).toBe('서울과 부산 모두 20°C입니다.');
    expect(result.stopReason).toBe('stop');
    expect(result.steps).toHaveLength(2);
    expect(result.toolCalls.map((call) => call.input)).toEqual([{ city: '서울' }, { city: '부산' }]);
    expect(result.usage).toEqual({
      inputTokens: 250,
      outputTokens: 30,
      totalTokens: 280,
      cachedInputTokens: 50,
    });
    // The second call saw the system message, the question, the assistant's calls and both results in order.
    const second = model.calls[1]!;
    expect(second.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool', 'tool']);
    expect(toolMessages(second.messages).map((m) => JSON.parse(m.content).city)).toEqual(['서울', '부산']);
    expect(second.tools?.[0]?.name).toBe('get_weather');
  });

  it('feeds invalid arguments back so the model corrects them on the next step', async () => {
    const model = scriptedModel({
      turns: [
        { toolCalls: [{ toolName: 'get_weather', arguments: { town: '서울' } }] },
        { toolCalls: [{ toolName: 'get_weather', arguments: '{"city": "서울"' }] },
        { toolCalls: [{ toolName: 'get_weather', arguments: { city: '서울' } }] },
        { text: '21°C' },
      ],
    });
    const result = await createAgent({ model, tools: [weather] }).run('서울 날씨 어때?');
    expect(result.text).toBe('21°C');
    const errors = result.toolCalls.filter((call) => call.isError);
    expect(errors.map((call) => (call.error as ToolloopError).code)).toEqual(['tool-input', 'tool-input']);
    const seen = toolMessages(model.calls[3]!.messages);
    expect(seen[0]!.content).toMatch(/do not match its schema: city: Required/);
    expect(seen[0]!.isError).toBe(true);
    expect(seen[1]!.content).toMatch(/not valid JSON/);
    expect(JSON.parse(seen[2]!.content)).toEqual({ city: '서울', unit: 'celsius', temperature: 21 });
  });

  it('treats "" arguments as {} and reports unknown tools and tool exceptions to the model', async () => {
    const ping = objectTool({ name: 'ping', execute: () => 'pong' });
    const broken = objectTool({
      name: 'broken',
      execute: () => {
        throw new Error('disk full');
      },
    });
    const model = scriptedModel({
      turns: [
        {
          toolCalls: [
            { toolName: 'ping', arguments: '' },
            { toolName: 'nope', arguments: '{}' },
            { toolName: 'broken', arguments: '{}' },
          ],
        },
        { text: 'done' },
      ],
    });
    const result = await createAgent({ model, tools: [ping, broken] }).run('go');
    const contents = toolMessages(model.calls[1]!.messages).map((m) => m.content);
    expect(contents[0]).toBe('pong');
    expect(contents[1]).toMatch(/tool named "nope".*Available tools: ping, broken/);
    expect(contents[2]).toBe('Error: Tool "broken" failed: disk full');
    expect(result.toolCalls.map((c) => (c.error as ToolloopError | undefined)?.code)).toEqual([
      undefined,
      'no-such-tool',
      'tool-execution',
    ]);
  });

  it('stops at maxSteps with stopReason max-steps', async () => {
    const loop = { toolCalls: [{ toolName: 'get_weather', arguments: { city: '서울' } }] };
    const model = scriptedModel({ turns: [loop, loop, loop, loop] });
    const result = await createAgent({ model, tools: [weather], maxSteps: 3 }).run('loop forever');
    expect(result.stopReason).toBe('max-steps');
    expect(model.calls).toHaveLength(3);
    expect(result.steps).toHaveLength(3);
  });

  it('ends at once with AbortError when aborted during a tool, and starts no further tool', async () => {
    const started: string[] = [];
    const controller = new AbortController();
    const hang = objectTool<{ id: string }>({
      name: 'hang',
      execute: ({ id }) => {
        started.push(id);
        if (id === 'a') setImmediate(() => controller.abort());
        return new Promise(() => {}); // ignores its signal on purpose
      },
    });
    const model = scriptedModel({
      turns: [
        {
          toolCalls: [
            { toolName: 'hang', arguments: { id: 'a' } },
            { toolName: 'hang', arguments: { id: 'b' } },
          ],
        },
      ],
    });
    const agent = createAgent({ model, tools: [hang], toolConcurrency: 1 });
    // Tool `a` never settles: the run can only end because the abort ends it.
    const error = await agent.run('go', { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).code).toBe('aborted');
    // The abort freed `a`'s slot; let the queue hand it on, then check `b` did not start.
    for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(['a']);
  });

  it('passes an abort signal to the tool, and rejects an already aborted run', async () => {
    let toolSignal: AbortSignal | undefined;
    const controller = new AbortController();
    const tool = objectTool({
      name: 'wait',
      execute: (_input, { signal }) => {
        toolSignal = signal;
        controller.abort();
        return new Promise(() => {});
      },
    });
    const model = scriptedModel({ turns: [{ toolCalls: [{ toolName: 'wait' }] }] });
    await expect(
      createAgent({ model, tools: [tool] }).run('x', { signal: controller.signal }),
    ).rejects.toThrow(AbortError);
    expect(toolSignal?.aborted).toBe(true);
    await expect(
      createAgent({ model, tools: [tool] }).run('x', { signal: AbortSignal.abort() }),
    ).rejects.toThrow(AbortError);
  });

  it('times a tool out with its timeoutMs and lets the model see it', async () => {
    const slow = objectTool({ name: 'slow', timeoutMs: 20, execute: () => new Promise(() => {}) });
    const model = scriptedModel({ turns: [{ toolCalls: [{ toolName: 'slow' }] }, { text: 'gave up' }] });
    const result = await createAgent({ model, tools: [slow] }).run('x');
    expect(result.text).toBe('gave up');
    expect(toolMessages(model.calls[1]!.messages)[0]!.content).toMatch(/did not finish within 20 ms/);
  });

  it('caps tool concurrency with toolConcurrency', async () => {
    let running = 0;
    let maxRunning = 0;
    const tool = objectTool({
      name: 't',
      async execute() {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((resolve) => setImmediate(resolve));
        running--;
        return 'ok';
      },
    });
    const calls = Array.from({ length: 6 }, () => ({ toolName: 't', arguments: {} }));
    const model = scriptedModel({ turns: [{ toolCalls: calls }, { text: 'ok' }] });
    await createAgent({ model, tools: [tool], toolConcurrency: 2 }).run('x');
    expect(maxRunning).toBe(2);
  });

  it('keeps concurrent runs of one agent apart', async () => {
    const model = scriptedModel({
      turns: Array.from({ length: 20 }, () => (request) => {
        const last = request.messages.at(-1)!;
        if (last.role === 'user') {
          return { toolCalls: [{ toolName: 'get_weather', arguments: { city: String(last.content) } }] };
        }
        return { text: `answer for ${JSON.parse((last as ToolMessage).content).city}`, delayMs: 5 };
      }),
    });
    const agent = createAgent({ model, tools: [weather] });
    const cities = ['서울', '부산', '도쿄', '파리', '런던', '뉴욕', '대구', '인천', '광주', '대전'];
    const results = await Promise.all(cities.map((city) => agent.run(city)));
    results.forEach((result, i) => {
      expect(result.text).toBe(`answer for ${cities[i]}`);
      expect(result.messages).toHaveLength(4);
      expect(new Set(results.map((r) => r.runId)).size).toBe(cities.length);
    });
  });

  it('rejects bad options at once, naming the option', () => {
    const model = scriptedModel({ turns: [] });
    expect(() => createAgent({ model, tools: [weather, weather] })).toThrow(
      /two tools are named "get_weather"/,
    );
    expect(() => createAgent({ model, tools: [objectTool({ name: 'bad name', execute: () => 1 })] })).toThrow(
      /\^\[a-zA-Z0-9_-\]\{1,64\}\$/,
    );
    expect(() => createAgent({ model, maxSteps: 0 })).toThrow(InvalidOptionError);
    expect(() => createAgent({ model, toolConcurrency: 1.5 })).toThrow(/toolConcurrency/);
    expect(() => createAgent({ model: undefined as never })).toThrow(/`model` is required/);
    expect(() => createAgent({ model, budget: { maxCostUSD: 1 } })).toThrow(
      /needs a price for model "scripted-model"/,
    );
  });

  it('surfaces a model error as the run error, with the error class intact', async () => {
    const boom = new ToolloopError({ code: 'api-call', origin: 'provider', message: 'upstream 500' });
    const model = scriptedModel({ turns: [{ error: boom }] });
    await expect(createAgent({ model }).run('x')).rejects.toBe(boom);
  });
});

describe('cost and budget', () => {
  it('prices each step from the table and sums the run cost', async () => {
    const model = scriptedModel({
      modelId: 'gpt-4o-mini-2024-07-18',
      turns: [
        {
          toolCalls: [{ toolName: 'get_weather', arguments: { city: '서울' } }],
          usage: { inputTokens: 1000, outputTokens: 100 },
        },
        { text: 'ok', usage: { inputTokens: 1200, outputTokens: 50, cachedInputTokens: 1000 } },
      ],
    });
    const result = await createAgent({ model, tools: [weather] }).run('x');
    // gpt-4o-mini: $0.15 input, $0.075 cached input, $0.60 output per 1M tokens.
    const step1 = (1000 * 0.15 + 100 * 0.6) / 1e6;
    const step2 = (200 * 0.15 + 1000 * 0.075 + 50 * 0.6) / 1e6;
    expect(result.steps[0]!.cost).toBeCloseTo(step1, 12);
    expect(result.cost).toBeCloseTo(step1 + step2, 12);
  });

  it('reports the cost of a call whose server sent no usage as null, never 0', async () => {
    const model = scriptedModel({ modelId: 'gpt-4o-mini', turns: [{ text: 'no usage sent' }] });
    const result = await createAgent({ model }).run('x');
    expect(result.steps[0]!.cost).toBeNull();
    expect(result.cost).toBeNull();
  });

  it('reports the cost of an unknown model as null, never 0', async () => {
    const model = scriptedModel({
      modelId: 'my-local-llama',
      turns: [{ text: 'hi', usage: { inputTokens: 5, outputTokens: 5 } }],
    });
    expect((await createAgent({ model }).run('x')).cost).toBeNull();
  });

  it('stops before the model call that would exceed maxTotalTokens', async () => {
    const turn = {
      toolCalls: [{ toolName: 'get_weather', arguments: { city: '서울' } }],
      usage: { inputTokens: 400, outputTokens: 100 },
    };
    const model = scriptedModel({ turns: [turn, turn, turn, turn] });
    // Step 1 spends 500. Step 2 would need ≥ 500 (previous prompt + answer) more: 1000 ≤ 1200, allowed.
    // After step 2 (1000 spent) step 3 would reach ≥ 1500 > 1200: the run stops before calling.
    const result = await createAgent({ model, tools: [weather], budget: { maxTotalTokens: 1200 } }).run('x');
    expect(model.calls).toHaveLength(2);
    expect(result.stopReason).toBe('budget-exceeded');
    expect(result.usage.totalTokens).toBe(1000);
  });

  it('stops before the call that would exceed maxCostUSD, counting maxTokens of output', async () => {
    const model = scriptedModel({
      modelId: 'gpt-4o',
      turns: [
        {
          toolCalls: [{ toolName: 'get_weather', arguments: { city: '서울' } }],
          usage: { inputTokens: 1000, outputTokens: 1000 },
        },
        { text: 'x' },
      ],
    });
    // Step 1 costs (1000×2.5 + 1000×10)/1e6 = $0.0125. Step 2 projects ≥ 2000 input + 1000 max output:
    // 0.0125 + (2000×2.5 + 1000×10)/1e6 = $0.0275 > $0.02.
    const agent = createAgent({
      model,
      tools: [weather],
      settings: { maxTokens: 1000 },
      budget: { maxCostUSD: 0.02 },
    });
    const result = await agent.run('x');
    expect(model.calls).toHaveLength(1);
    expect(result.stopReason).toBe('budget-exceeded');
    expect(result.cost).toBeCloseTo(0.0125, 12);
  });
});
