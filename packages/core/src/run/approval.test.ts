import { describe, expect, it } from 'vitest';
import { scriptedModel } from '../test/scripted-model.js';
import { objectTool } from '../test/test-tools.js';
import { createAgent } from './create-agent.js';
import type { RunState } from './run-state.js';
import type { AgentEvent } from './types.js';

/** Tools that count their runs, one needing approval always, one only for large amounts. */
function bankTools() {
  const runs: string[] = [];
  const ran = <T>(entry: string, value: T): T => {
    runs.push(entry);
    return value;
  };
  const lookup = objectTool({ name: 'lookup', execute: () => ran('lookup', { balance: 100 }) });
  const transfer = {
    ...objectTool<{ amount: number }>({
      name: 'transfer',
      execute: ({ amount }) => ran(`transfer ${amount}`, { ok: true }),
    }),
    needsApproval: (input: { amount: number }) => input.amount > 50,
  };
  const wipe = {
    ...objectTool({ name: 'wipe', execute: () => ran('wipe', 'wiped') }),
    needsApproval: true,
  };
  return { runs, tools: [lookup, transfer, wipe] };
}

const stepOne = {
  toolCalls: [
    { toolName: 'lookup', arguments: {}, toolCallId: 'c_lookup' },
    { toolName: 'transfer', arguments: { amount: 500 }, toolCallId: 'c_big' },
    { toolName: 'transfer', arguments: { amount: 5 }, toolCallId: 'c_small' },
    { toolName: 'wipe', arguments: {}, toolCallId: 'c_wipe' },
  ],
  usage: { inputTokens: 10, outputTokens: 5 },
};

describe('tool approval', () => {
  it('stops with approval-required and a JSON state listing the pending calls; the others ran once', async () => {
    const { runs, tools } = bankTools();
    const model = scriptedModel({ turns: [stepOne] });
    const result = await createAgent({ model, tools }).run('pay');
    expect(result.stopReason).toBe('approval-required');
    expect(result.pendingApprovals?.map((call) => [call.toolCallId, call.input])).toEqual([
      ['c_big', { amount: 500 }],
      ['c_wipe', {}],
    ]);
    expect(runs).toEqual(['lookup', 'transfer 5']);
    expect(JSON.parse(JSON.stringify(result.state))).toEqual(result.state);
    expect(result.state?.usage.totalTokens).toBe(15);
  });

  it('resumes in another process from the stored JSON: approved calls run, rejected ones reach the model with the reason, nothing runs twice', async () => {
    const first = bankTools();
    const stopped = await createAgent({ model: scriptedModel({ turns: [stepOne] }), tools: first.tools }).run(
      'pay',
    );
    const stored = JSON.stringify(stopped.state);

    // "Another process": a new agent, new tool instances, the state parsed from text.
    const second = bankTools();
    const model = scriptedModel({ turns: [{ text: 'done', usage: { inputTokens: 20, outputTokens: 2 } }] });
    const agent = createAgent({ model, tools: second.tools });
    const result = await agent.resume(JSON.parse(stored) as RunState, {
      approve: ['c_big'],
      reject: [{ toolCallId: 'c_wipe', reason: 'never wipe production' }],
    });
    expect(second.runs).toEqual(['transfer 500']);
    expect(result.stopReason).toBe('stop');
    expect(result.text).toBe('done');
    expect(result.runId).toBe(stopped.runId);
    expect(result.usage.totalTokens).toBe(37);
    const toolMessages = model.calls[0]!.messages.filter((message) => message.role === 'tool');
    expect(toolMessages.map((message) => message.toolCallId)).toEqual([
      'c_lookup',
      'c_big',
      'c_small',
      'c_wipe',
    ]);
    expect(toolMessages[3]).toMatchObject({ isError: true });
    expect(toolMessages[3]!.content).toContain('never wipe production');
    expect(result.toolCalls.map((call) => [call.toolCallId, call.isError])).toEqual([
      ['c_lookup', false],
      ['c_big', false],
      ['c_small', false],
      ['c_wipe', true],
    ]);
  });

  it('resumes in the same process, streaming the tool results', async () => {
    const { runs, tools } = bankTools();
    const model = scriptedModel({ turns: [stepOne, { text: 'ok' }] });
    const agent = createAgent({ model, tools });
    const stopped = await agent.run('pay');
    const events: AgentEvent[] = [];
    for await (const event of agent.resumeStream(stopped.state!, { approve: ['c_big', 'c_wipe'] }))
      events.push(event);
    expect(runs).toEqual(['lookup', 'transfer 5', 'transfer 500', 'wipe']);
    expect(events.filter((event) => event.type === 'tool-result')).toHaveLength(4);
    expect(events.at(-1)).toMatchObject({ type: 'run-finish', text: 'ok' });
  });

  it('asks again when the model calls an approval tool after resuming', async () => {
    const { tools } = bankTools();
    const model = scriptedModel({
      turns: [
        { toolCalls: [{ toolName: 'wipe', toolCallId: 'w1' }] },
        { toolCalls: [{ toolName: 'wipe', toolCallId: 'w2' }] },
      ],
    });
    const agent = createAgent({ model, tools });
    const first = await agent.run('wipe');
    const second = await agent.resume(first.state!, { reject: ['w1'] });
    expect(second.stopReason).toBe('approval-required');
    expect(second.pendingApprovals?.[0]?.toolCallId).toBe('w2');
    expect(second.state?.step).toBe(2);
  });

  it('does not ask about calls with invalid input: they fail back to the model as usual', async () => {
    const wipe = {
      ...objectTool({ name: 'wipe', required: ['target'], execute: () => 'wiped' }),
      needsApproval: true,
    };
    const model = scriptedModel({
      turns: [{ toolCalls: [{ toolName: 'wipe', arguments: {} }] }, { text: 'ok' }],
    });
    const result = await createAgent({ model, tools: [wipe] }).run('?');
    expect(result.stopReason).toBe('stop');
    expect(result.toolCalls[0]!.isError).toBe(true);
  });

  it('refuses a resume that leaves a call undecided or names an unknown one', async () => {
    const { tools } = bankTools();
    const agent = createAgent({ model: scriptedModel({ turns: [stepOne] }), tools });
    const { state } = await agent.run('pay');
    await expect(agent.resume(state!, { approve: ['c_big'] })).rejects.toThrow(/no decision for "c_wipe"/);
    await expect(agent.resume(state!, { approve: ['c_big', 'c_wipe', 'nope'] })).rejects.toThrow(
      /"nope" is not a pending call/,
    );
    await expect(agent.resume({} as RunState, {})).rejects.toThrow(/not a stopped run/);
  });

  it('keeps image bytes as base64 in the state', async () => {
    const { tools } = bankTools();
    const model = scriptedModel({ turns: [{ toolCalls: [{ toolName: 'wipe' }] }] });
    const result = await createAgent({ model, tools }).run([
      { role: 'user', content: [{ type: 'image', data: new Uint8Array([1, 2, 3]), mimeType: 'image/png' }] },
    ]);
    expect(result.state?.messages[0]).toMatchObject({ content: [{ data: 'AQID' }] });
  });
});
