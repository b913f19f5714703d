import { type AgentEvent, createAgent, StreamInterruptedError, type Tool } from '@toolloop/core';
import { type Simulator, startSimulator } from '@toolloop/simulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openai } from './index.js';

// The whole stack over real sockets: agent loop → provider → HTTP → simulator, and back.
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

function weatherTool(executions: string[]): Tool<{ city: string }> {
  return {
    name: 'get_weather',
    description: '특정 도시의 날씨 정보를 가져옵니다',
    jsonSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    parseInput: (input) =>
      typeof (input as { city?: unknown })?.city === 'string'
        ? { success: true, data: input as { city: string } }
        : { success: false, error: 'city: Required' },
    execute: async ({ city }, { toolCallId }) => {
      executions.push(`${toolCallId}:${city}`);
      return { city, temperature: city === '서울' ? 21 : 24 };
    },
  };
}

async function collect(events: AsyncIterable<AgentEvent>): Promise<AgentEvent[]> {
  const out: AgentEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

describe('agent over HTTP to the simulator', () => {
  it('runs two parallel tool calls chosen by the model, then answers (run)', async () => {
    const executions: string[] = [];
    const agent = createAgent({
      model: openai('gpt-4o-mini', { baseURL: sim.url }),
      tools: [weatherTool(executions)],
    });
    const result = await agent.run('서울과 부산 날씨 알려줘');
    expect(result.toolCalls.map((call) => call.input)).toEqual([{ city: '서울' }, { city: '부산' }]);
    expect(executions).toHaveLength(2);
    expect(result.text).toMatch(/서울.*21.*부산.*24|부산.*24.*서울.*21/s);
    expect(result.steps).toHaveLength(2);
    expect(result.usage.totalTokens).toBeGreaterThan(0);
    // The second request carried both results, paired by tool_call_id.
    const second = sim.requests[1]!.body as { messages: Array<{ role: string; tool_call_id?: string }> };
    const ids = second.messages.filter((m) => m.role === 'tool').map((m) => m.tool_call_id);
    expect(ids).toEqual(result.toolCalls.map((call) => call.toolCallId));
  });

  it('streams events across steps with tools (stream)', async () => {
    const executions: string[] = [];
    const agent = createAgent({
      model: openai('gpt-4o-mini', { baseURL: sim.url }),
      tools: [weatherTool(executions)],
    });
    const events = await collect(agent.stream('서울과 부산 날씨 알려줘'));
    const count = (type: AgentEvent['type']) => events.filter((event) => event.type === type).length;
    expect(events[0]?.type).toBe('run-start');
    expect(events.at(-1)?.type).toBe('run-finish');
    expect(count('step-start')).toBe(2);
    expect(count('tool-call-delta')).toBeGreaterThanOrEqual(2);
    expect(count('tool-call')).toBe(2);
    expect(count('tool-result')).toBe(2);
    expect(count('step-finish')).toBe(2);
    expect(count('text-delta')).toBeGreaterThan(1);
    // Every tool-call comes after all of its deltas, and before any tool-result.
    const lastDelta = events.findLastIndex((event) => event.type === 'tool-call-delta');
    const firstCall = events.findIndex((event) => event.type === 'tool-call');
    const firstResult = events.findIndex((event) => event.type === 'tool-result');
    expect(lastDelta).toBeLessThan(firstCall);
    expect(firstCall).toBeLessThan(firstResult);
    const finish = events.at(-1) as Extract<AgentEvent, { type: 'run-finish' }>;
    const streamedText = events
      .flatMap((event) => (event.type === 'text-delta' && event.step === 2 ? [event.delta] : []))
      .join('');
    expect(finish.text).toBe(streamedText);
    expect(finish.usage.totalTokens).toBeGreaterThan(0);
    expect(executions).toHaveLength(2);
  });

  it('never runs a tool when the stream is cut while its arguments are arriving', async () => {
    const executions: string[] = [];
    sim.script({
      toolCalls: [{ name: 'get_weather', arguments: { city: '서울특별시 중구 세종대로 110 근처' } }],
    });
    // Chunk the arguments finely, then cut before the call is complete.
    sim.fault({ type: 'cut-after', events: 4 });
    const model = openai('gpt-4o-mini', { baseURL: sim.url });
    const agent = createAgent({ model, tools: [weatherTool(executions)] });
    const seen: AgentEvent[] = [];
    const error = await (async () => {
      for await (const event of agent.stream('서울 날씨')) seen.push(event);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect(seen.some((event) => event.type === 'tool-call-delta')).toBe(true); // cut mid-arguments
    expect(seen.some((event) => event.type === 'tool-call')).toBe(false);
    expect(executions).toEqual([]);
  });
});
