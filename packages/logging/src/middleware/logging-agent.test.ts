import type { Tool } from '@toolloop/core';
import { APICallError, createAgent } from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import { describe, expect, it, vi } from 'vitest';
import type { LogRecord, ModelCallRecord } from '../records/records.js';
import { logging } from './logging.js';

const weather: Tool<{ city: string }> = {
  name: 'get_weather',
  description: '특정 도시의 날씨 정보를 가져옵니다',
  jsonSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  parseInput: (input) => ({ success: true, data: input as { city: string } }),
  execute: ({ city }) => ({ city, temperature: 21 }),
};

function memoryLog() {
  const records: LogRecord[] = [];
  const log = logging({ sink: { write: (record) => void records.push(record) } });
  const modelCalls = () => records.filter((r): r is ModelCallRecord => r.type === 'model-call');
  const loggedCost = () => modelCalls().reduce((sum, r) => sum + (r.costUSD ?? Number.NaN), 0);
  return { records, log, modelCalls, loggedCost };
}

/** gpt-4o-mini, per 1M tokens: input $0.15, cached input $0.075, output $0.60. */
const twoSteps = () => [
  {
    toolCalls: [{ toolName: 'get_weather', arguments: { city: '서울' } }],
    usage: { inputTokens: 1000, cachedInputTokens: 200, outputTokens: 500 },
  },
  { text: '서울은 21°C입니다.', usage: { inputTokens: 1600, cachedInputTokens: 1000, outputTokens: 100 } },
];
const step1Cost = (800 * 0.15 + 200 * 0.075 + 500 * 0.6) / 1e6; // 0.000435
const step2Cost = (600 * 0.15 + 1000 * 0.075 + 100 * 0.6) / 1e6; // 0.000225

describe('logging() in an agent run', () => {
  it('result.cost and the sum of logged costUSD equal the hand-computed figure', async () => {
    const { records, log, loggedCost } = memoryLog();
    const model = scriptedModel({ modelId: 'gpt-4o-mini', provider: 'openai', turns: twoSteps() });
    const agent = createAgent({ model, tools: [weather], middleware: [log] });
    const result = await agent.run('서울 날씨 어때?', { runId: 'run_cost' });

    expect(step1Cost + step2Cost).toBeCloseTo(0.00066, 15);
    expect(result.cost).toBeCloseTo(step1Cost + step2Cost, 15);
    expect(loggedCost()).toBeCloseTo(step1Cost + step2Cost, 15);
    expect(records.map((r) => `${r.type}:${r.step}`)).toEqual([
      'model-call:1',
      'tool-call:1',
      'model-call:2',
    ]);
    expect(records.every((r) => r.runId === 'run_cost')).toBe(true);
    expect(records[1]).toMatchObject({ toolName: 'get_weather', toolCallId: 'call_1_1', isError: false });
  });

  it('counts the same usage when the agent streams', async () => {
    const { modelCalls, log, loggedCost } = memoryLog();
    const model = scriptedModel({ modelId: 'gpt-4o-mini', turns: twoSteps() });
    const agent = createAgent({ model, tools: [weather], middleware: [log] });
    let cost: number | null = null;
    for await (const event of agent.stream('서울 날씨 어때?'))
      if (event.type === 'run-finish') cost = event.cost;
    expect(modelCalls().map((r) => [r.streaming, r.totalTokens])).toEqual([
      [true, 1500],
      [true, 1700],
    ]);
    expect(cost).toBeCloseTo(step1Cost + step2Cost, 15);
    expect(loggedCost()).toBeCloseTo(step1Cost + step2Cost, 15);
  });

  it('records what a failed run spent: the completed call with its cost, the failed one as an error', async () => {
    const { modelCalls, log } = memoryLog();
    const failure = new APICallError({ message: 'The server had an error', status: 500, isRetryable: true });
    const model = scriptedModel({ modelId: 'gpt-4o-mini', turns: [twoSteps()[0]!, { error: failure }] });
    const agent = createAgent({ model, tools: [weather], middleware: [log] });
    await expect(agent.run('서울 날씨 어때?')).rejects.toBe(failure);
    expect(modelCalls().map((r) => [r.status, r.httpStatus, r.costUSD === null])).toEqual([
      ['ok', null, false],
      ['error', 500, true],
    ]);
    // What the run spent up to the failure: call 1; the failed call's cost is unknown (null), not 0.
    expect(modelCalls()[0]?.costUSD).toBeCloseTo(step1Cost, 15);
    expect(modelCalls()[1]?.costUSD).toBeNull();
  });

  it('records an aborted run: the completed call, then the interrupted one as aborted', async () => {
    const { modelCalls, log } = memoryLog();
    const controller = new AbortController();
    const model = scriptedModel({
      modelId: 'gpt-4o-mini',
      turns: [
        twoSteps()[0]!,
        () => {
          setTimeout(() => controller.abort(), 1);
          return { text: 'never', delayMs: 60_000 };
        },
      ],
    });
    const agent = createAgent({ model, tools: [weather], middleware: [log] });
    await expect(agent.run('서울 날씨 어때?', { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    await vi.waitFor(() => expect(modelCalls()).toHaveLength(2));
    expect(modelCalls().map((r) => [r.status, r.totalTokens])).toEqual([
      ['ok', 1500],
      ['aborted', null],
    ]);
  });
});

describe('budgets (core) seen through the log', () => {
  const script = () =>
    scriptedModel({
      modelId: 'gpt-4o-mini',
      turns: [
        {
          toolCalls: [{ toolName: 'get_weather', arguments: { city: '서울' } }],
          usage: { inputTokens: 1000, outputTokens: 500 },
        },
        {
          toolCalls: [{ toolName: 'get_weather', arguments: { city: '부산' } }],
          usage: { inputTokens: 1600, outputTokens: 500 },
        },
        { text: '끝', usage: { inputTokens: 2200, outputTokens: 50 } },
      ],
    });

  it('maxTotalTokens stops the run before the call that would exceed it', async () => {
    const { modelCalls, log } = memoryLog();
    const model = script();
    const agent = createAgent({
      model,
      tools: [weather],
      middleware: [log],
      budget: { maxTotalTokens: 2500 },
    });
    const result = await agent.run('서울 날씨 어때?');
    // Call 1 spent 1500; call 2 would send at least the 1500 tokens of call 1's prompt and answer: 3000+ > 2500.
    expect(result.stopReason).toBe('budget-exceeded');
    expect(model.calls).toHaveLength(1);
    expect(modelCalls()).toHaveLength(1);
    expect(result.usage.totalTokens).toBe(1500);
  });

  it('maxCostUSD stops the run before the call that would exceed it, and the log stays under budget', async () => {
    const { modelCalls, log, loggedCost } = memoryLog();
    const model = script();
    const maxCostUSD = 0.0006;
    const agent = createAgent({ model, tools: [weather], middleware: [log], budget: { maxCostUSD } });
    const result = await agent.run('서울 날씨 어때?');
    // Call 1: (1000×0.15 + 500×0.6)/1e6 = $0.00045. Call 2's prompt alone (≥1500 input tokens) adds ≥ $0.000225.
    expect(result.stopReason).toBe('budget-exceeded');
    expect(model.calls).toHaveLength(1);
    expect(modelCalls()).toHaveLength(1);
    expect(loggedCost()).toBeCloseTo((1000 * 0.15 + 500 * 0.6) / 1e6, 15);
    expect(loggedCost()).toBeLessThanOrEqual(maxCostUSD);
  });

  it('a budget large enough lets every call through (the same script runs to the end)', async () => {
    const { modelCalls, log } = memoryLog();
    const model = script();
    const agent = createAgent({
      model,
      tools: [weather],
      middleware: [log],
      budget: { maxTotalTokens: 100_000 },
    });
    const result = await agent.run('서울 날씨 어때?');
    expect(result.stopReason).toBe('stop');
    expect(model.calls).toHaveLength(3);
    expect(modelCalls()).toHaveLength(3);
  });
});
