import { describe, expect, it } from 'vitest';
import { scriptedModel } from '../test/scripted-model.js';
import { createAgent } from './create-agent.js';

describe('an answer cut off at maxTokens says so', () => {
  it('run() reports the step, the maxTokens and the output tokens the server reported', async () => {
    const model = scriptedModel({
      turns: [
        {
          text: '옛날 옛적에 한 마을에',
          finishReason: 'length',
          usage: { inputTokens: 20, outputTokens: 16 },
        },
      ],
    });
    const result = await createAgent({ model, settings: { maxTokens: 16 } }).run('긴 이야기를 들려줘');
    expect(result.stopReason).toBe('length');
    expect(result.truncated).toEqual({ step: 1, maxTokens: 16, outputTokens: 16 });
  });

  it('stream() carries the same on its run-finish result; unknown figures stay undefined', async () => {
    const model = scriptedModel({ turns: [{ text: 'cut', finishReason: 'length' }] });
    let finish: unknown;
    for await (const event of createAgent({ model }).stream('story')) {
      if (event.type === 'run-finish') finish = event.result.truncated;
    }
    expect(finish).toEqual({ step: 1, maxTokens: undefined, outputTokens: undefined });
  });

  it('a complete answer has no truncated field', async () => {
    const model = scriptedModel({ turns: [{ text: 'done' }] });
    const result = await createAgent({ model, settings: { maxTokens: 16 } }).run('hi');
    expect(result).not.toHaveProperty('truncated');
  });
});
