import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { post, sseData, weatherTool } from '../test-utils.js';
import type { Simulator } from '../types.js';
import { startSimulator } from './start-simulator.js';

let sim: Simulator;
const messages = [{ role: 'user', content: 'hi' }];

beforeEach(async () => {
  if (!sim) sim = await startSimulator();
  sim.reset();
});
afterAll(() => sim?.close());

const chat = (body: unknown, headers?: Record<string, string>) =>
  post(`${sim.url}/chat/completions`, body, headers ? { headers } : {});

describe('scripted turns, non-streamed', () => {
  it('serves a text turn shaped like OpenAI', async () => {
    sim.script({ text: '안녕하세요', usage: { prompt_tokens: 7, completion_tokens: 3, cached_tokens: 2 } });
    const res = await chat({ model: 'gpt-4o-mini', messages });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['x-request-id']).toMatch(/^req_sim_\d+$/);
    const body = JSON.parse(res.text);
    expect(body).toMatchObject({
      id: expect.stringMatching(/^chatcmpl-sim-\d+$/),
      object: 'chat.completion',
      model: 'gpt-4o-mini',
      system_fingerprint: expect.any(String),
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: '안녕하세요', refusal: null },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: {
        prompt_tokens: 7,
        completion_tokens: 3,
        total_tokens: 10,
        prompt_tokens_details: { cached_tokens: 2 },
        completion_tokens_details: { reasoning_tokens: 0 },
      },
    });
    expect(body.choices[0].message.tool_calls).toBeUndefined();
    expect(typeof body.created).toBe('number');
  });

  it('serves tool calls with generated ids and object arguments serialised', async () => {
    sim.script({
      toolCalls: [
        { name: 'get_weather', arguments: { city: '서울' } },
        { name: 'get_weather', arguments: '{"city":"부산"}', id: 'call_custom' },
      ],
    });
    const res = await chat({ messages, tools: [weatherTool] });
    const body = JSON.parse(res.text);
    const choice = body.choices[0];
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    expect(choice.message.tool_calls).toEqual([
      {
        id: expect.stringMatching(/^call_sim_\d+_0$/),
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"서울"}' },
      },
      {
        id: 'call_custom',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"부산"}' },
      },
    ]);
  });

  it('omits usage when the turn says null, echoes the default model, honours finishReason', async () => {
    sim.script({ text: 'cut', usage: null, finishReason: 'length' });
    const body = JSON.parse((await chat({ messages })).text);
    expect(body.usage).toBeUndefined();
    expect(body.model).toBe('gpt-4o-mini');
    expect(body.choices[0].finish_reason).toBe('length');
  });

  it('computes a turn from the request and serves error turns', async () => {
    sim.script((request) => ({ text: `you said ${request.messages.length} message(s)` }), {
      error: {
        status: 400,
        body: { error: { message: 'bad', type: 'invalid_request_error', param: null, code: null } },
      },
    });
    expect(JSON.parse((await chat({ messages })).text).choices[0].message.content).toBe(
      'you said 1 message(s)',
    );
    const failed = await chat({ messages });
    expect(failed.status).toBe(400);
    expect(JSON.parse(failed.text).error.message).toBe('bad');
  });

  it('answers 500 when a computed turn throws, and keeps serving', async () => {
    sim.script(() => {
      throw new Error('boom');
    });
    const failed = await chat({ messages });
    expect(failed.status).toBe(500);
    expect(JSON.parse(failed.text).error).toMatchObject({
      message: 'Simulator error: boom',
      type: 'server_error',
    });
    expect((await chat({ messages })).status).toBe(200);
  });

  it('waits delayMs before answering', async () => {
    sim.script({ text: 'late', delayMs: 60 });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let answered = false;
      const answer = chat({ messages }).then((response) => {
        answered = true;
        return response;
      });
      while (sim.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
      await vi.advanceTimersByTimeAsync(59);
      expect(answered).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect((await answer).status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('scripted turns, streamed', () => {
  it('streams text in ~4-char deltas with role first, finish chunk, no usage unless asked, [DONE]', async () => {
    sim.script({ text: 'Hello, world! 안녕' });
    const res = await chat({ messages, stream: true });
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    const events = sseData(res.text);
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1);
    expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: '', refusal: null });
    for (const chunk of chunks) {
      expect(chunk).toMatchObject({
        object: 'chat.completion.chunk',
        id: chunks[0].id,
        model: 'gpt-4o-mini',
      });
    }
    const deltas = chunks.slice(1, -1).map((chunk) => chunk.choices[0].delta.content);
    expect(deltas.join('')).toBe('Hello, world! 안녕');
    expect(deltas[0]).toBe('Hell');
    expect(chunks.at(-1).choices[0]).toEqual({ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' });
    expect(chunks.some((chunk) => chunk.usage)).toBe(false);
  });

  it('adds a usage chunk with choices: [] only when stream_options.include_usage', async () => {
    sim.script({ text: 'abc' });
    const events = sseData(
      (await chat({ messages, stream: true, stream_options: { include_usage: true } })).text,
    );
    const usageChunk = events.at(-2);
    expect(usageChunk.choices).toEqual([]);
    expect(usageChunk.usage).toMatchObject({
      completion_tokens: 1,
      total_tokens: usageChunk.usage.prompt_tokens + 1,
    });
    expect(events.at(-3).choices[0].finish_reason).toBe('stop');
  });

  it('streams tool calls by index: header with id/type/name/arguments "" then fragments', async () => {
    sim.script({
      toolCalls: [
        { name: 'get_weather', arguments: { city: '서울' } },
        { name: 'get_time', arguments: {} },
      ],
    });
    const events = sseData((await chat({ messages, stream: true, tools: [weatherTool] })).text);
    const chunks = events.slice(0, -1);
    expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: null });
    const toolDeltas = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(toolDeltas[0]).toEqual({
      index: 0,
      id: expect.stringMatching(/^call_sim_\d+_0$/),
      type: 'function',
      function: { name: 'get_weather', arguments: '' },
    });
    const args = (index: number) =>
      toolDeltas
        .filter((d) => d.index === index)
        .map((d) => d.function.arguments)
        .join('');
    expect(args(0)).toBe('{"city":"서울"}');
    expect(args(1)).toBe('{}');
    expect(toolDeltas.filter((d) => d.id).map((d) => d.index)).toEqual([0, 1]);
    expect(chunks.at(-1).choices[0].finish_reason).toBe('tool_calls');
  });

  it('streams text before tool calls in the same turn', async () => {
    sim.script({ text: 'PRE_TOOL', toolCalls: [{ name: 'lookup', arguments: {} }] });
    const chunks = sseData((await chat({ messages, stream: true })).text).slice(0, -1);
    expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: '', refusal: null });
    expect(chunks[1].choices[0].delta).toEqual({ content: 'PRE_' });
    expect(chunks[3].choices[0].delta.tool_calls[0]).toMatchObject({
      index: 0,
      function: { name: 'lookup' },
    });
    expect(chunks.at(-1).choices[0].finish_reason).toBe('tool_calls');
  });

  it('honours stream.chunkChars and stream.delayMs', async () => {
    const paced = await startSimulator({
      stream: { chunkChars: 2, delayMs: 5 },
      script: [{ text: 'abcdef' }],
    });
    try {
      const res = await post(`${paced.url}/chat/completions`, { messages, stream: true });
      const deltas = sseData(res.text)
        .slice(1, -2)
        .map((chunk) => chunk.choices[0].delta.content);
      expect(deltas).toEqual(['ab', 'cd', 'ef']);
      expect(res.reads).toBeGreaterThan(3);
    } finally {
      await paced.close();
    }
  });

  it('writes each SSE event on its own with stream.eventPerWrite, and the whole stream at once without', async () => {
    const text = 'abcdefghijklmnopqrstuvwxyz'.repeat(4);
    const perEvent = await startSimulator({ stream: { chunkChars: 1, eventPerWrite: true } });
    const whole = await startSimulator({ stream: { chunkChars: 1 } });
    try {
      perEvent.script({ text });
      whole.script({ text });
      const split = await post(`${perEvent.url}/chat/completions`, { messages, stream: true });
      const joined = await post(`${whole.url}/chat/completions`, { messages, stream: true });
      const content = (body: string) =>
        sseData(body)
          .map((chunk) => chunk?.choices?.[0]?.delta?.content ?? '')
          .join('');
      expect(content(split.text)).toBe(text);
      expect(split.text.replace(/"(id|created)":[^,]+,/g, '')).toBe(
        joined.text.replace(/"(id|created)":[^,]+,/g, ''),
      );
      // 107 events: in one write they arrive in a read or three; one write each spreads them over many.
      expect(joined.reads).toBeLessThanOrEqual(3);
      expect(split.reads).toBeGreaterThan(10);
    } finally {
      await Promise.all([perEvent.close(), whole.close()]);
    }
  });
});

describe('legacy functions', () => {
  const functions = [weatherTool.function];
  it('answers message.function_call with finish_reason function_call (first call only)', async () => {
    sim.script({
      toolCalls: [
        { name: 'get_weather', arguments: { city: 'Boston' } },
        { name: 'x', arguments: {} },
      ],
    });
    const body = JSON.parse((await chat({ messages, functions })).text);
    expect(body.choices[0].finish_reason).toBe('function_call');
    expect(body.choices[0].message.function_call).toEqual({
      name: 'get_weather',
      arguments: '{"city":"Boston"}',
    });
    expect(body.choices[0].message.tool_calls).toBeUndefined();
  });

  it('streams delta.function_call', async () => {
    sim.script({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Boston' } }] });
    const chunks = sseData((await chat({ messages, functions, stream: true })).text).slice(0, -1);
    const calls = chunks.map((chunk) => chunk.choices[0].delta.function_call).filter(Boolean);
    expect(calls[0]).toEqual({ name: 'get_weather', arguments: '' });
    expect(calls.map((c) => c.arguments).join('')).toBe('{"city":"Boston"}');
    expect(chunks.at(-1).choices[0].finish_reason).toBe('function_call');
  });
});

describe('errors, auth and recording', () => {
  it('400 for invalid JSON and for missing messages, 404 for unknown paths', async () => {
    const invalid = await post(`${sim.url}/chat/completions`, '{nope', { raw: true });
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.text).error).toMatchObject({ type: 'invalid_request_error', param: null });
    const missing = await chat({ model: 'x' });
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.text).error).toMatchObject({
      param: 'messages',
      code: 'missing_required_parameter',
    });
    const unknown = await post(`${sim.url}/nothing`, {});
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.text).error).toEqual({
      message: 'Invalid URL (POST /v1/nothing)',
      type: 'invalid_request_error',
      param: null,
      code: null,
    });
    expect(unknown.headers['x-request-id']).toMatch(/^req_sim_/);
  });

  it('lists the default model on GET /v1/models', async () => {
    const models = (await fetch(`${sim.url}/models`).then((r) => r.json())) as {
      data: Array<{ id: string }>;
    };
    expect(models.data.map((m) => m.id)).toEqual(['gpt-4o-mini']);
  });

  it('accepts /chat/completions without /v1', async () => {
    const res = await post(sim.url.replace(/\/v1$/, '/chat/completions'), { messages });
    expect(res.status).toBe(200);
  });

  it('answers 401 invalid_api_key like OpenAI when apiKey is set, without echoing the key', async () => {
    const locked = await startSimulator({ apiKey: 'sk-right' });
    try {
      const wrong = await post(
        `${locked.url}/chat/completions`,
        { messages },
        { headers: { authorization: 'Bearer sk-wrong-key-123' } },
      );
      expect(wrong.status).toBe(401);
      const error = JSON.parse(wrong.text).error;
      expect(error).toMatchObject({ type: 'invalid_request_error', param: null, code: 'invalid_api_key' });
      expect(error.message).toMatch(/^Incorrect API key provided: sk-\*+-123\./);
      expect((await post(`${locked.url}/chat/completions`, { messages })).status).toBe(401);
      const ok = await post(
        `${locked.url}/chat/completions`,
        { messages },
        { headers: { authorization: 'Bearer sk-right' } },
      );
      expect(ok.status).toBe(200);
    } finally {
      await locked.close();
    }
  });

  it('records requests with lower-cased headers, parsed and raw body', async () => {
    await chat({ messages }, { 'X-Custom': 'yes' });
    expect(sim.requests).toHaveLength(1);
    const recorded = sim.requests[0]!;
    expect(recorded).toMatchObject({ method: 'POST', path: '/v1/chat/completions', body: { messages } });
    expect(recorded.headers['x-custom']).toBe('yes');
    expect(recorded.rawBody).toBe(JSON.stringify({ messages }));
    expect(sim.stats().requests).toBe(1);
    expect(sim.stats().cpuUserMicros).toBeGreaterThanOrEqual(0);
  });

  it('drives script, faults, reset, stats and requests through the control API', async () => {
    const base = sim.url.replace(/\/v1$/, '');
    expect((await post(`${base}/_simulator/script`, [{ text: 'from control' }])).status).toBe(200);
    expect((await post(`${base}/_simulator/faults`, [{ type: 'status', status: 503 }])).status).toBe(200);
    expect((await chat({ messages })).status).toBe(503);
    expect(JSON.parse((await chat({ messages })).text).choices[0].message.content).toBe('from control');
    const recorded = await fetch(`${base}/_simulator/requests`).then((r) => r.json());
    expect(recorded).toHaveLength(2);
    const stats = (await fetch(`${base}/_simulator/stats`).then((r) => r.json())) as { requests: number };
    expect(stats.requests).toBe(2);
    await post(`${base}/_simulator/reset`, {});
    expect(sim.requests).toHaveLength(0);
  });
});
