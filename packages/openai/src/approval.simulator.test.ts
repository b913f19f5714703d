import { createAgent, type RunState } from '@toolloop/core';
import { type Simulator, startSimulator } from '@toolloop/simulator';
import { defineTool } from '@toolloop/tools';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openai } from './index.js';

// Tool approval across a stop and a resume, over HTTP to the simulator.
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

function bank(runs: string[]) {
  return [
    defineTool({
      name: 'get_balance',
      description: 'Balance of an account',
      input: z.object({ account: z.string() }),
      execute: ({ account }) => {
        runs.push(`balance ${account}`);
        return { account, balance: 1_000 };
      },
    }),
    defineTool({
      name: 'transfer_money',
      description: 'Transfer money to an account',
      input: z.object({ account: z.string(), amount: z.number() }),
      needsApproval: ({ amount }) => amount > 100,
      execute: ({ account, amount }) => {
        runs.push(`transfer ${amount} ${account}`);
        return { ok: true };
      },
    }),
  ];
}

describe('tool approval over HTTP', () => {
  it('stops, survives JSON, and resumes in a fresh agent without running any tool twice', async () => {
    sim.script(
      {
        toolCalls: [
          { id: 'call_balance', name: 'get_balance', arguments: { account: '42' } },
          { id: 'call_small', name: 'transfer_money', arguments: { account: '42', amount: 50 } },
          { id: 'call_big', name: 'transfer_money', arguments: { account: '42', amount: 5_000 } },
        ],
      },
      { text: '송금을 마쳤습니다.' },
    );
    const firstRuns: string[] = [];
    const model = () => openai('gpt-4o-mini', { baseURL: sim.url, apiKey: 'k' });
    const stopped = await createAgent({ model: model(), tools: bank(firstRuns) }).run('42번 계좌로 보내줘');
    expect(stopped.stopReason).toBe('approval-required');
    expect(stopped.pendingApprovals?.map((call) => call.toolCallId)).toEqual(['call_big']);
    expect(firstRuns).toEqual(['balance 42', 'transfer 50 42']);
    expect(sim.requests).toHaveLength(1);

    const secondRuns: string[] = [];
    const state = JSON.parse(JSON.stringify(stopped.state)) as RunState;
    const resumed = await createAgent({ model: model(), tools: bank(secondRuns) }).resume(state, {
      approve: ['call_big'],
    });
    expect(secondRuns).toEqual(['transfer 5000 42']);
    expect(resumed.text).toBe('송금을 마쳤습니다.');
    const sent = sim.requests[1]!.body as { messages: Array<{ role: string; tool_call_id?: string }> };
    expect(
      sent.messages.filter((message) => message.role === 'tool').map((message) => message.tool_call_id),
    ).toEqual(['call_balance', 'call_small', 'call_big']);
  });
});
