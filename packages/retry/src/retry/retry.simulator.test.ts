import { APICallError, createAgent, type ModelRequest, TimeoutError, wrapModel } from '@toolloop/core';
import { openai } from '@toolloop/openai';
import { type Simulator, startSimulator } from '@toolloop/simulator';
import { defineTool } from '@toolloop/tools';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { retry } from './retry.js';
import { RetryError } from './retry-error.js';
import type { RetryEvent, RetryOptions } from './retry-options.js';

// Real sockets: the simulator on 127.0.0.1 and the OpenAI provider over undici. Waits are
// checked through onRetry's delayMs (an injected random makes them exact), never by a clock.

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ apiKey: 'sk-test' });
});
afterAll(async () => {
  await sim.close();
});
afterEach(() => {
  sim.reset();
  vi.useRealTimers();
});

const request: ModelRequest = { messages: [{ role: 'user', content: '안녕하세요' }] };

function client(options: RetryOptions = {}) {
  const events: RetryEvent[] = [];
  const model = wrapModel({
    model: openai('gpt-4o-mini', { baseURL: sim.url, apiKey: 'sk-test' }),
    middleware: [
      retry({
        random: () => 0.5,
        initialDelayMs: 20,
        ...options,
        onRetry: (event) => void events.push(event),
      }),
    ],
  });
  return { model, events };
}

function chatRequests(): number {
  return sim.requests.filter((recorded) => recorded.path.endsWith('/chat/completions')).length;
}

/** Lets real I/O run while fake timers hold the retry's sleep. */
async function until(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 10_000 && !condition(); turn++)
    await new Promise((resolve) => setImmediate(resolve));
  if (!condition()) throw new Error('condition never became true');
}

describe('retry() over the simulator', () => {
  it('with maxRetries 2 makes exactly 3 HTTP requests to a server that always answers 503', async () => {
    sim.fault(...Array.from({ length: 5 }, () => ({ type: 'status' as const, status: 503 })));
    const { model, events } = client({ maxRetries: 2 });
    const error = await model.generate(request).catch((thrown: unknown) => thrown);
    expect(RetryError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'max-retries-exceeded', attempts: 3 });
    expect((error as RetryError).errors.map((each) => (each as APICallError).status)).toEqual([
      503, 503, 503,
    ]);
    expect(chatRequests()).toBe(3);
    // Full jitter with random 0.5: floor(0.5 · min(8000, 20 · 2^n)).
    expect(events.map((event) => event.delayMs)).toEqual([10, 20]);
  });

  it('requests a 400 exactly once', async () => {
    sim.script({ error: { status: 400 } }, { text: 'never' });
    const { model, events } = client();
    const error = await model.generate(request).catch((thrown: unknown) => thrown);
    expect(APICallError.isInstance(error) && error.status).toBe(400);
    expect(chatRequests()).toBe(1);
    expect(events).toEqual([]);
  });

  it('N × 503 then 200: succeeds after N retries', async () => {
    sim.fault(
      { type: 'status', status: 503 },
      { type: 'status', status: 503 },
      { type: 'status', status: 503 },
    );
    sim.script({ text: '복구되었습니다' });
    const { model, events } = client({ maxRetries: 3 });
    const response = await model.generate(request);
    expect(response.text).toBe('복구되었습니다');
    expect(chatRequests()).toBe(4);
    expect(events.map((event) => [event.attempt, event.delayMs])).toEqual([
      [1, 10],
      [2, 20],
      [3, 40],
    ]);
  });

  it('retries a connection reset before headers', async () => {
    sim.fault({ type: 'reset-before-headers' });
    sim.script({ text: 'ok' });
    const { model, events } = client();
    await expect(model.generate(request)).resolves.toMatchObject({ text: 'ok' });
    expect(chatRequests()).toBe(2);
    expect(APICallError.isInstance(events[0]?.error) && events[0].error.status).toBeUndefined();
  });

  it('timeoutMs gives up on a server that never sends headers, and the retry succeeds', async () => {
    sim.fault({ type: 'no-headers' });
    sim.script({ text: 'ok' });
    const { model, events } = client({ timeoutMs: 300, random: () => 0 });
    await expect(model.generate(request)).resolves.toMatchObject({ text: 'ok' });
    expect(chatRequests()).toBe(2);
    expect(events[0]?.error).toBeInstanceOf(TimeoutError);
    expect(events[0]?.error).toMatchObject({ phase: 'attempt', timeoutMs: 300 });
  });

  it('x-should-retry: false on a 503 is not retried; x-should-retry: true on a 400 is', async () => {
    sim.fault({ type: 'status', status: 503, headers: { 'x-should-retry': 'false' } });
    const forbidden = client();
    await expect(forbidden.model.generate(request)).rejects.toMatchObject({ status: 503 });
    expect(chatRequests()).toBe(1);

    sim.reset();
    sim.fault({ type: 'status', status: 400, headers: { 'x-should-retry': 'true' } });
    sim.script({ text: 'ok' });
    const forced = client();
    await expect(forced.model.generate(request)).resolves.toMatchObject({ text: 'ok' });
    expect(chatRequests()).toBe(2);
  });

  it('does not retry a 429 for an exhausted quota', async () => {
    const body = {
      error: {
        message: 'You exceeded your current quota.',
        type: 'insufficient_quota',
        code: 'insufficient_quota',
      },
    };
    sim.fault({ type: 'status', status: 429, body });
    const { model } = client();
    await expect(model.generate(request)).rejects.toMatchObject({
      status: 429,
      providerCode: 'insufficient_quota',
    });
    expect(chatRequests()).toBe(1);
  });

  describe('429 with each retry-after form (fake timers hold the wait)', () => {
    const forms: Array<[string, () => Record<string, string>, number]> = [
      ['retry-after-ms', () => ({ 'retry-after-ms': '1500' }), 1500],
      ['retry-after seconds', () => ({ 'retry-after': '2' }), 2000],
      ['retry-after HTTP date', () => ({ 'retry-after': new Date(Date.now() + 3000).toUTCString() }), 3000],
    ];
    it.each(forms)('%s', async (_name, headers, expectedMs) => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      vi.setSystemTime(new Date('2026-03-01T09:00:00Z'));
      sim.fault({ type: 'status', status: 429, headers: headers() });
      sim.script({ text: 'ok' });
      const { model, events } = client();
      const result = model.generate(request);
      await until(() => events.length === 1);
      expect(events[0]).toMatchObject({ attempt: 1, delayMs: expectedMs, delaySource: 'retry-after' });
      vi.advanceTimersByTime(expectedMs - 1);
      await until(() => true);
      expect(chatRequests()).toBe(1);
      vi.advanceTimersByTime(1);
      await expect(result).resolves.toMatchObject({ text: 'ok' });
      expect(chatRequests()).toBe(2);
    });

    it('a retry-after beyond maxRetryAfterMs fails fast instead of sleeping', async () => {
      sim.fault({ type: 'status', status: 429, headers: { 'retry-after': '3600' } });
      const { model, events } = client();
      const error = await model.generate(request).catch((thrown: unknown) => thrown);
      expect(error).toMatchObject({ code: 'retry-exhausted', reason: 'retry-after-too-long', attempts: 1 });
      expect((error as Error).message).toContain('3600000 ms');
      expect(chatRequests()).toBe(1);
      expect(events).toEqual([]);
    });
  });

  it("keeps the caller's per-call headers on every attempt while adding its own signal", async () => {
    sim.fault({ type: 'status', status: 503 });
    sim.script({ text: 'ok' });
    const { model } = client({ timeoutMs: 5000, totalTimeoutMs: 10_000, random: () => 0 });
    await expect(model.generate(request, { headers: { 'x-trace-id': 'trace-42' } })).resolves.toMatchObject({
      text: 'ok',
    });
    const chats = sim.requests.filter((recorded) => recorded.path.endsWith('/chat/completions'));
    expect(chats.map((recorded) => recorded.headers['x-trace-id'])).toEqual(['trace-42', 'trace-42']);
  });

  it('retries a stream that failed before its first part', async () => {
    sim.fault({ type: 'status', status: 502 }, { type: 'reset-before-headers' });
    sim.script({ text: '스트림이 다시 시작되었습니다' });
    const { model } = client();
    let text = '';
    for await (const part of model.stream(request)) if (part.type === 'text-delta') text += part.delta;
    expect(text).toBe('스트림이 다시 시작되었습니다');
    expect(chatRequests()).toBe(3);
  });

  it('surfaces a stream cut after its first part instead of retrying', async () => {
    sim.fault({ type: 'cut-after', events: 2 });
    sim.script({ text: '이 문장은 중간에 끊깁니다' }, { text: 'never' });
    const { model, events } = client();
    let text = '';
    const error = await (async () => {
      for await (const part of model.stream(request)) if (part.type === 'text-delta') text += part.delta;
    })().catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(Error);
    expect(text.length).toBeGreaterThan(0);
    expect(chatRequests()).toBe(1);
    expect(events).toEqual([]);
  });
});

describe('retry() in an agent run', () => {
  it('agent.stream() retries a model call that failed before any text, and streams the answer once', async () => {
    sim.fault({ type: 'status', status: 503 }, { type: 'reset-before-headers' });
    sim.script({ text: '한 번만 출력됩니다' });
    const agent = createAgent({
      model: openai('gpt-4o-mini', { baseURL: sim.url, apiKey: 'sk-test' }),
      middleware: [retry({ random: () => 0 })],
    });
    let text = '';
    for await (const event of agent.stream('안녕')) if (event.type === 'text-delta') text += event.delta;
    expect(text).toBe('한 번만 출력됩니다');
    expect(chatRequests()).toBe(3);
  });

  it('never executes a tool twice: exactly one execution per tool_call_id across injected faults', async () => {
    const executions = new Map<string, number>();
    const getWeather = defineTool({
      name: 'get_weather',
      description: '특정 도시의 날씨 정보를 가져옵니다',
      input: z.object({ city: z.string() }),
      execute: async ({ city }, { toolCallId }) => {
        executions.set(toolCallId, (executions.get(toolCallId) ?? 0) + 1);
        // The next model call (the step after this tool) meets a 503, then a reset.
        if (executions.size === 2)
          sim.fault({ type: 'status', status: 503 }, { type: 'reset-before-headers' });
        return { city, temperature: 21 };
      },
    });
    sim.fault({ type: 'status', status: 503 }, { type: 'reset-before-headers' });
    sim.script(
      {
        toolCalls: [
          { id: 'call_seoul', name: 'get_weather', arguments: { city: '서울' } },
          { id: 'call_busan', name: 'get_weather', arguments: { city: '부산' } },
        ],
      },
      { toolCalls: [{ id: 'call_jeju', name: 'get_weather', arguments: { city: '제주' } }] },
      { text: '서울, 부산, 제주 모두 21°C입니다.' },
    );
    const agent = createAgent({
      model: openai('gpt-4o-mini', { baseURL: sim.url, apiKey: 'sk-test' }),
      tools: [getWeather],
      middleware: [retry({ random: () => 0 })],
    });
    const result = await agent.run('서울, 부산, 제주 날씨 어때?');
    expect(result.text).toBe('서울, 부산, 제주 모두 21°C입니다.');
    expect(Object.fromEntries(executions)).toEqual({ call_seoul: 1, call_busan: 1, call_jeju: 1 });
    // 3 successful model calls + 4 injected failures.
    expect(chatRequests()).toBe(7);
  });
});
