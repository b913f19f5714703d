import { AbortError, APICallError, type Message } from '@toolloop/core';
import { type Simulator, startSimulator } from '@toolloop/simulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openai } from '../provider/openai.js';

const CANARY = 'sk-canary-7f3a9c1e5b2d4f60';

const weatherTool = {
  name: 'get_weather',
  description: '특정 도시의 날씨 정보를 가져옵니다',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string', description: '도시 이름 (예: 서울, 부산)' } },
    required: ['city'],
  },
};

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
beforeEach(() => sim.reset());
afterAll(() => sim.close());

function expectNoCanary(error: unknown): void {
  const e = error as Error;
  expect(e.message).not.toContain(CANARY);
  expect(e.stack ?? '').not.toContain(CANARY);
  expect(JSON.stringify(e)).not.toContain(CANARY);
}

describe('generate over the simulator', () => {
  it('runs a tool round: tool call, then the answer that reads the tool result', async () => {
    const model = openai('gpt-4o-mini', { baseURL: sim.url, apiKey: 'sk-test' });
    sim.script(
      { toolCalls: [{ name: 'get_weather', arguments: { city: '서울' } }] },
      { text: '서울은 21도입니다.' },
    );
    const messages: Message[] = [{ role: 'user', content: '서울 날씨 어때?' }];
    const first = await model.generate({ messages, tools: [weatherTool] });
    expect(first.finishReason).toBe('tool-calls');
    expect(first.toolCalls).toHaveLength(1);
    const call = first.toolCalls[0]!;
    expect(call.toolName).toBe('get_weather');
    expect(JSON.parse(call.arguments)).toEqual({ city: '서울' });
    expect(first.usage?.inputTokens).toBeGreaterThan(0);

    messages.push(
      { role: 'assistant', content: first.text, toolCalls: first.toolCalls },
      { role: 'tool', toolCallId: call.toolCallId, toolName: call.toolName, content: '{"temperature":21}' },
    );
    const second = await model.generate({ messages, tools: [weatherTool] });
    expect(second.text).toBe('서울은 21도입니다.');
    expect(second.finishReason).toBe('stop');
    const sent = sim.requests[1]!.body as { messages: unknown[]; tools: unknown[] };
    expect(sent.messages[1]).toMatchObject({
      role: 'assistant',
      content: null,
      tool_calls: [{ id: call.toolCallId }],
    });
    expect(sent.messages[2]).toEqual({
      role: 'tool',
      tool_call_id: call.toolCallId,
      content: '{"temperature":21}',
    });
  });

  it('speaks legacy functions end to end with compat.functions', async () => {
    const model = openai('gpt-3.5-turbo-0613', { baseURL: sim.url, compat: { functions: true } });
    const messages: Message[] = [{ role: 'user', content: '서울 날씨 어때?' }];
    const first = await model.generate({ messages, tools: [weatherTool] });
    expect(first.finishReason).toBe('tool-calls');
    expect(first.rawFinishReason).toBe('function_call');
    const call = first.toolCalls[0]!;
    expect(call.toolName).toBe('get_weather');
    expect(JSON.parse(call.arguments)).toMatchObject({ city: '서울' });
    messages.push(
      { role: 'assistant', content: first.text, toolCalls: first.toolCalls },
      {
        role: 'tool',
        toolCallId: call.toolCallId,
        toolName: 'get_weather',
        content: '{"city":"서울","temperature":21}',
      },
    );
    const second = await model.generate({ messages, tools: [weatherTool] });
    expect(second.finishReason).toBe('stop');
    expect(second.text).toContain('21');
    const sent = sim.requests[1]!.body as Record<string, unknown>;
    expect(sent).toHaveProperty('functions');
    expect(sent).not.toHaveProperty('tools');
    expect((sent.messages as unknown[])[2]).toEqual({
      role: 'function',
      name: 'get_weather',
      content: '{"city":"서울","temperature":21}',
    });
  });

  it('HTTP 401 → APICallError without the key anywhere', async () => {
    const guarded = await startSimulator({ apiKey: 'sk-the-right-key' });
    try {
      const error = await openai('gpt-4o-mini', { baseURL: guarded.url, apiKey: CANARY })
        .generate({ messages: [{ role: 'user', content: 'hi' }] })
        .catch((e: unknown) => e);
      expect(APICallError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ status: 401, isRetryable: false, providerCode: 'invalid_api_key' });
      expect((error as APICallError).requestId).toMatch(/^req_sim_/);
      expectNoCanary(error);
    } finally {
      await guarded.close();
    }
  });

  it('HTTP 500 → retryable APICallError without the key anywhere', async () => {
    sim.fault({
      type: 'status',
      status: 500,
      body: { error: { message: `upstream saw ${CANARY}`, type: 'server_error' } },
    });
    const error = await openai('gpt-4o-mini', { baseURL: sim.url, apiKey: CANARY })
      .generate({ messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 500, isRetryable: true, providerCode: 'server_error' });
    expect((error as APICallError).responseBody).toContain('[REDACTED]');
    expectNoCanary(error);
    expect((error as APICallError).responseBody).not.toContain(CANARY);
  });

  it('a reset before headers → retryable APICallError without status, cause kept', async () => {
    sim.fault({ type: 'reset-before-headers' });
    const error = await openai('gpt-4o-mini', { baseURL: sim.url, apiKey: CANARY })
      .generate({ messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: undefined, isRetryable: true });
    expect((error as Error).cause).toBeInstanceOf(Error);
    expectNoCanary(error);
  });

  it('a refused connection → retryable APICallError', async () => {
    const closed = await startSimulator();
    const url = closed.url;
    await closed.close();
    const error = await openai('m', { baseURL: url })
      .generate({ messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'api-call', status: undefined, isRetryable: true });
    expect((error as Error).message).toContain('ECONNREFUSED');
  });

  it('an abort while the server sends no headers → AbortError at once', async () => {
    sim.fault({ type: 'no-headers' });
    const controller = new AbortController();
    const pending = openai('m', { baseURL: sim.url })
      .generate({ messages: [{ role: 'user', content: 'hi' }] }, { signal: controller.signal })
      .catch((e: unknown) => e);
    while (sim.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(AbortError);
    expect((error as Error).name).toBe('AbortError');
  });

  it('an already aborted signal never sends the request', async () => {
    const error = await openai('m', { baseURL: sim.url })
      .generate({ messages: [{ role: 'user', content: 'hi' }] }, { signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(sim.requests).toHaveLength(0);
  });

  it('a body cut halfway → retryable APICallError with the status', async () => {
    sim.fault({ type: 'cut-after', events: 1 });
    const error = await openai('m', { baseURL: sim.url })
      .generate({ messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'api-call', status: 200, isRetryable: true });
  });

  it('a 200 carrying an error object → APICallError judged by its inner status', async () => {
    sim.fault({ type: 'error-event', afterEvents: 0 });
    const error = await openai('m', { baseURL: sim.url })
      .generate({ messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'api-call',
      status: 200,
      isRetryable: true,
      providerCode: 'simulated_stream_error',
    });
  });
});
