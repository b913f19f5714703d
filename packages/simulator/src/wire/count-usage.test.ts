import * as cl100k from 'gpt-tokenizer/encoding/cl100k_base';
import * as o200k from 'gpt-tokenizer/encoding/o200k_base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../server/start-simulator.js';
import { post } from '../test-utils.js';
import type { Simulator } from '../types.js';

// openai-cookbook "How to count tokens with tiktoken": prompt_tokens the API reported.
const jargon = [
  {
    role: 'system',
    content:
      'You are a helpful, pattern-following assistant that translates corporate jargon into plain English.',
  },
  { role: 'system', name: 'example_user', content: 'New synergies will help drive top-line growth.' },
  {
    role: 'system',
    name: 'example_assistant',
    content: 'Things working well together will increase revenue.',
  },
  {
    role: 'system',
    name: 'example_user',
    content:
      "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage.",
  },
  {
    role: 'system',
    name: 'example_assistant',
    content: "Let's talk later when we're less busy about how to do better.",
  },
  {
    role: 'user',
    content: "This late pivot means we don't have time to boil the ocean for the client deliverable.",
  },
];
const weather = {
  type: 'function',
  function: {
    name: 'get_current_weather',
    description: 'Get the current weather in a given location',
    parameters: {
      type: 'object',
      properties: {
        location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' },
        unit: {
          type: 'string',
          description: 'The unit of temperature to return',
          enum: ['celsius', 'fahrenheit'],
        },
      },
      required: ['location'],
    },
  },
};
const weatherMessages = [
  { role: 'system', content: 'You are a helpful assistant that can answer to questions about the weather.' },
  { role: 'user', content: "What's the weather like in San Francisco?" },
];

describe('usage the simulator reports', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(() => sim.close());

  const usageOf = async (body: Record<string, unknown>) =>
    JSON.parse((await post(`${sim.url}/chat/completions`, body)).text);

  // First in the file: cl100k_base is not loaded yet, so the gpt-3.5 request waits for it.
  it('serves requests in arrival order while an encoding loads', async () => {
    sim.script({ text: 'first' }, { text: 'second' });
    const [first, second] = await Promise.all([
      usageOf({ model: 'gpt-3.5-turbo', messages: [{ role: 'user', content: 'a' }] }),
      usageOf({ model: 'gpt-4o', messages: [{ role: 'user', content: 'b' }] }),
    ]);
    expect([first.choices[0].message.content, second.choices[0].message.content]).toEqual([
      'first',
      'second',
    ]);
  });

  it('reports prompt_tokens as the API did for the cookbook’s examples, per model family', async () => {
    expect((await usageOf({ model: 'gpt-4o-mini', messages: jargon })).usage.prompt_tokens).toBe(124);
    // gpt-4 counts with cl100k_base, loaded on this first gpt-4 request.
    expect((await usageOf({ model: 'gpt-4', messages: jargon })).usage.prompt_tokens).toBe(129);
    sim.script({ text: 'ok' }, { text: 'ok' });
    expect(
      (await usageOf({ model: 'gpt-4o', messages: weatherMessages, tools: [weather] })).usage.prompt_tokens,
    ).toBe(101);
    expect(
      (await usageOf({ model: 'gpt-4', messages: weatherMessages, tools: [weather] })).usage.prompt_tokens,
    ).toBe(105);
  });

  it('reports completion_tokens as the reply’s tokens, and max_tokens when the reply was cut there', async () => {
    const answer = await usageOf({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'AI란?' }] });
    const text: string = answer.choices[0].message.content;
    expect(answer.usage.completion_tokens).toBe(o200k.encode(text).length);
    expect(answer.usage.total_tokens).toBe(answer.usage.prompt_tokens + answer.usage.completion_tokens);

    const story = await usageOf({
      model: 'gpt-4',
      messages: [{ role: 'user', content: '긴 이야기를 들려주세요' }],
      max_tokens: 30,
    });
    expect(story.choices[0].finish_reason).toBe('length');
    expect(story.usage.completion_tokens).toBe(30);
    expect(cl100k.encode(story.choices[0].message.content).length).toBeLessThanOrEqual(30);
  });
});
