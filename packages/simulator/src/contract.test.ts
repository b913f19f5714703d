import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { redactedCredential } from './server/request-guard.js';
import { startSimulator } from './server/start-simulator.js';
import { weatherTool } from './test-utils.js';
import type { Simulator } from './types.js';

// The official SDK must parse everything we put on the wire: if these break, our shapes drifted
// from OpenAI's.
describe('contract: openai npm SDK v6', () => {
  let sim: Simulator;
  let client: OpenAI;
  beforeAll(async () => {
    sim = await startSimulator({ apiKey: 'sk-test' });
    client = new OpenAI({ baseURL: sim.url, apiKey: 'sk-test', maxRetries: 0 });
  });
  beforeEach(() => sim.reset());
  afterAll(() => sim.close());

  it('non-streamed create with tools: the policy calls get_weather', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: '서울 날씨 어때?' }],
      tools: [weatherTool as unknown as OpenAI.ChatCompletionTool],
    });
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    const call = choice.message.tool_calls?.[0];
    expect(call?.type).toBe('function');
    if (call?.type !== 'function') throw new Error('expected a function tool call');
    expect(call.function).toEqual({ name: 'get_weather', arguments: '{"city":"서울"}' });
    expect(completion.usage?.total_tokens).toBeGreaterThan(0);
    expect(sim.requests[0]?.headers.authorization).toBe(redactedCredential('Bearer sk-test'));
  });

  it('streamed text with usage', async () => {
    sim.script({ text: '안녕하세요, 반갑습니다! 😀 emoji included.' });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let finish: string | null | undefined;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish ??= chunk.choices[0]?.finish_reason;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('안녕하세요, 반갑습니다! 😀 emoji included.');
    expect(finish).toBe('stop');
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('streamed parallel tool calls assemble with the SDK stream helper', async () => {
    const runner = client.chat.completions.stream({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: '서울과 부산 날씨 알려줘' }],
      tools: [weatherTool as unknown as OpenAI.ChatCompletionTool],
    });
    const final = await runner.finalChatCompletion();
    const calls = final.choices[0]?.message.tool_calls ?? [];
    expect(calls.map((call) => (call.type === 'function' ? call.function.arguments : ''))).toEqual([
      '{"city":"서울"}',
      '{"city":"부산"}',
    ]);
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('surfaces simulated errors as SDK error classes with the request id', async () => {
    sim.fault({ type: 'status', status: 429, headers: { 'retry-after': '1' } });
    const error = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).requestID).toMatch(/^req_sim_\d+$/);
    const unauthorized = await new OpenAI({
      baseURL: sim.url,
      apiKey: 'sk-nope',
      maxRetries: 0,
    }).chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(unauthorized).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((unauthorized as InstanceType<typeof OpenAI.AuthenticationError>).code).toBe('invalid_api_key');
  });

  it('a cut stream is an error, not a silent truncation', async () => {
    sim.fault({ type: 'cut-after', events: 2 });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'tell me a story' }],
      stream: true,
    });
    await expect(
      (async () => {
        for await (const _chunk of stream) {
          // drain
        }
      })(),
    ).rejects.toThrow();
  });
});
