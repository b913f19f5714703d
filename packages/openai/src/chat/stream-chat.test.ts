import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AbortError,
  APICallError,
  collectStream,
  StreamInterruptedError,
  StreamParseError,
  type StreamPart,
  TimeoutError,
} from '@toolloop/core';
import { type Simulator, startSimulator } from '@toolloop/simulator';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openai } from '../provider/openai.js';
import { startReplayServer } from '../test-utils.js';

const ask = { messages: [{ role: 'user' as const, content: '긴 이야기를 들려주세요' }] };
const STORY = '옛날 옛적에 작은 마을에 고양이 한 마리가 살았습니다. 🐈 The end.';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
beforeEach(() => sim.reset());
afterEach(() => {
  vi.useRealTimers();
});
afterAll(() => sim.close());

async function drain(stream: AsyncIterable<StreamPart>, into: StreamPart[] = []): Promise<unknown> {
  try {
    for await (const part of stream) into.push(part);
    return undefined;
  } catch (error) {
    return error;
  }
}

const textOf = (parts: StreamPart[]): string =>
  parts.map((part) => (part.type === 'text-delta' ? part.delta : '')).join('');

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

/** A server that sends the SSE head of a stream and then stalls, recording when the client hangs up. */
async function startStallingServer(): Promise<{
  url: string;
  closed: Promise<void>;
  close(): Promise<void>;
}> {
  let markClosed!: () => void;
  const closed = new Promise<void>((resolve) => {
    markClosed = resolve;
  });
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(
        'data: {"id":"chatcmpl-stall","model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"finish_reason":null}]}\n\n',
      );
      res.on('close', markClosed);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    closed,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('stream over the simulator', () => {
  it('streams text deltas, then finish with usage; metadata carries id and headers', async () => {
    sim.script({ text: STORY });
    const parts: StreamPart[] = [];
    expect(await drain(openai('gpt-4o-mini', { baseURL: sim.url }).stream(ask), parts)).toBeUndefined();
    expect(textOf(parts)).toBe(STORY);
    expect(parts.filter((part) => part.type === 'text-delta').length).toBeGreaterThan(5);
    const metadata = parts[0];
    expect(metadata).toMatchObject({
      type: 'response-metadata',
      id: 'chatcmpl-sim-1',
      modelId: 'gpt-4o-mini',
    });
    expect((metadata as { headers?: Record<string, string> }).headers?.['x-request-id']).toBe('req_sim_1');
    const finish = parts.at(-1);
    expect(finish).toMatchObject({ type: 'finish', finishReason: 'stop', rawFinishReason: 'stop' });
    expect((finish as { usage?: { inputTokens: number } }).usage?.inputTokens).toBeGreaterThan(0);
    expect(sim.requests[0]!.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('assembles tool calls', async () => {
    sim.script({
      toolCalls: [
        { name: 'get_weather', arguments: { city: '서울' } },
        { name: 'get_weather', arguments: { city: '부산' } },
      ],
    });
    const response = await collectStream(openai('gpt-4o-mini', { baseURL: sim.url }).stream(ask));
    expect(response.finishReason).toBe('tool-calls');
    expect(response.toolCalls.map((call) => [call.toolName, JSON.parse(call.arguments)])).toEqual([
      ['get_weather', { city: '서울' }],
      ['get_weather', { city: '부산' }],
    ]);
    expect(new Set(response.toolCalls.map((call) => call.toolCallId)).size).toBe(2);
  });

  it('streams a legacy function_call with compat.functions', async () => {
    const model = openai('gpt-3.5-turbo-0613', { baseURL: sim.url, compat: { functions: true } });
    const response = await collectStream(
      model.stream({
        messages: [{ role: 'user', content: '서울 날씨 어때?' }],
        tools: [
          {
            name: 'get_weather',
            description: '날씨',
            parameters: { type: 'object', properties: { city: { type: 'string' } } },
          },
        ],
      }),
    );
    expect(sim.requests[0]!.body).toHaveProperty('functions');
    expect(response.finishReason).toBe('tool-calls');
    expect(response.rawFinishReason).toBe('function_call');
    expect(response.toolCalls).toHaveLength(1);
    expect(response.toolCalls[0]!.toolName).toBe('get_weather');
    expect(JSON.parse(response.toolCalls[0]!.arguments)).toMatchObject({ city: '서울' });
  });

  it('reads a body that arrives one byte at a time', async () => {
    sim.script({ text: STORY });
    sim.fault({ type: 'one-byte-chunks' });
    const response = await collectStream(openai('m', { baseURL: sim.url }).stream(ask));
    expect(response.text).toBe(STORY);
  });

  it('a non-2xx answer throws APICallError before any part', async () => {
    sim.fault({ type: 'status', status: 429, headers: { 'retry-after-ms': '20' } });
    const parts: StreamPart[] = [];
    const error = await drain(
      openai('m', { baseURL: sim.url, apiKey: 'sk-secret-1234567' }).stream(ask),
      parts,
    );
    expect(parts).toEqual([]);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 429, isRetryable: true, providerCode: 'rate_limit_exceeded' });
    expect((error as APICallError).responseHeaders['retry-after-ms']).toBe('20');
  });

  it('a reset before headers → retryable APICallError', async () => {
    sim.fault({ type: 'reset-before-headers' });
    const error = await drain(openai('m', { baseURL: sim.url }).stream(ask));
    expect(error).toMatchObject({ code: 'api-call', status: undefined, isRetryable: true });
  });

  it('an error event mid-stream → APICallError after the text before it', async () => {
    sim.script({ text: STORY });
    sim.fault({ type: 'error-event', afterEvents: 3 });
    const parts: StreamPart[] = [];
    const error = await drain(openai('m', { baseURL: sim.url }).stream(ask), parts);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ providerCode: 'simulated_stream_error' });
    expect(textOf(parts)).toBe(STORY.slice(0, 8));
  });

  it('malformed JSON → StreamParseError', async () => {
    sim.fault({ type: 'malformed-json', afterEvents: 2 });
    const error = await drain(openai('m', { baseURL: sim.url }).stream(ask));
    expect(error).toBeInstanceOf(StreamParseError);
  });

  it('a connection cut mid-stream → StreamInterruptedError with the partial text', async () => {
    sim.script({ text: STORY });
    sim.fault({ type: 'cut-after', events: 3 });
    const parts: StreamPart[] = [];
    const error = await drain(openai('m', { baseURL: sim.url }).stream(ask), parts);
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect((error as StreamInterruptedError).partialText).toBe(STORY.slice(0, 8));
    expect(textOf(parts)).toBe(STORY.slice(0, 8));
    expect(parts.some((part) => part.type === 'finish')).toBe(false);
  });

  it('a stream without [DONE] but with a finish reason is complete', async () => {
    sim.script({ text: STORY });
    sim.fault({ type: 'no-done' });
    const response = await collectStream(openai('m', { baseURL: sim.url }).stream(ask));
    expect(response.text).toBe(STORY);
  });
});

describe('stream errors carry no key', () => {
  it('an in-stream error that echoes the key is redacted', async () => {
    const server = await startReplayServer();
    try {
      server.answer({
        status: 200,
        headers: { 'content-type': 'text/event-stream' },
        body:
          'data: {"id":"c1","model":"m","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}\n\n' +
          'event: error\ndata: {"error":{"message":"key DEADBEEF1234 is revoked","code":"invalid_api_key","status_code":401}}\n\n',
      });
      const parts: StreamPart[] = [];
      const error = await drain(
        openai('m', { baseURL: server.url, apiKey: 'DEADBEEF1234' }).stream(ask),
        parts,
      );
      expect(textOf(parts)).toBe('Hi');
      expect(APICallError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ status: 401, isRetryable: false, providerCode: 'invalid_api_key' });
      const e = error as APICallError;
      for (const text of [e.message, e.stack ?? '', JSON.stringify(e), e.responseBody ?? '']) {
        expect(text).not.toContain('DEADBEEF1234');
      }
    } finally {
      await server.close();
    }
  });
});

describe('stream timeouts', () => {
  it('no first byte within firstChunkTimeoutMs → TimeoutError phase first-chunk', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    sim.fault({ type: 'no-headers' });
    const result = drain(openai('m', { baseURL: sim.url, firstChunkTimeoutMs: 5_000 }).stream(ask));
    await until(() => sim.requests.length === 1);
    vi.advanceTimersByTime(4_999);
    vi.advanceTimersByTime(1);
    const error = await result;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ phase: 'first-chunk', timeoutMs: 5_000 });
    expect((error as Error).message).toContain('firstChunkTimeoutMs');
  });

  it('a gap longer than idleTimeoutMs → TimeoutError phase idle', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    sim.script({ text: STORY });
    sim.fault({ type: 'stall-after', events: 3 });
    const parts: StreamPart[] = [];
    const result = drain(openai('m', { baseURL: sim.url, idleTimeoutMs: 2_000 }).stream(ask), parts);
    await until(() => textOf(parts).length === 8);
    vi.advanceTimersByTime(2_000);
    const error = await result;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ phase: 'idle', timeoutMs: 2_000 });
    expect(textOf(parts)).toBe(STORY.slice(0, 8));
  });

  it('a slow consumer is not an idle server', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    sim.script({ text: STORY });
    const iterator = openai('m', { baseURL: sim.url, idleTimeoutMs: 1_000 })
      .stream(ask)
      [Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.done).toBe(false);
    // The consumer sits on the first part far longer than idleTimeoutMs.
    vi.advanceTimersByTime(10_000);
    const rest: StreamPart[] = [];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest.push(next.value);
    expect(rest.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop' });
  });
});

describe('stream aborts and early exits', () => {
  it('abort before headers → AbortError', async () => {
    sim.fault({ type: 'no-headers' });
    const controller = new AbortController();
    const result = drain(openai('m', { baseURL: sim.url }).stream(ask, { signal: controller.signal }));
    await until(() => sim.requests.length === 1);
    controller.abort();
    expect(await result).toBeInstanceOf(AbortError);
  });

  it('abort between chunks ends the stream with AbortError and closes the socket', async () => {
    const server = await startStallingServer();
    try {
      const controller = new AbortController();
      const parts: StreamPart[] = [];
      const result = drain(
        openai('m', { baseURL: server.url }).stream(ask, { signal: controller.signal }),
        parts,
      );
      await until(() => parts.some((part) => part.type === 'text-delta'));
      controller.abort();
      expect(await result).toBeInstanceOf(AbortError);
      await server.closed;
    } finally {
      await server.close();
    }
  });

  it('abort while the consumer holds a part → the next step is AbortError', async () => {
    sim.script({ text: STORY });
    const controller = new AbortController();
    const iterator = openai('m', { baseURL: sim.url })
      .stream(ask, { signal: controller.signal })
      [Symbol.asyncIterator]();
    await iterator.next();
    controller.abort();
    await expect(iterator.next()).rejects.toBeInstanceOf(AbortError);
  });

  it("a consumer's break closes the socket", async () => {
    const server = await startStallingServer();
    try {
      for await (const part of openai('m', { baseURL: server.url }).stream(ask)) {
        if (part.type === 'text-delta') break;
      }
      await server.closed;
    } finally {
      await server.close();
    }
  });
});

describe('contract with the official openai SDK', () => {
  it('openai-node v6 and stream() read the same simulator stream to the same text', async () => {
    sim.script({ text: STORY }, { text: STORY });
    const client = new OpenAI({ baseURL: sim.url, apiKey: 'sk-test' });
    const sdkStream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: '긴 이야기를 들려주세요' }],
      stream: true,
    });
    let sdkText = '';
    for await (const chunk of sdkStream) sdkText += chunk.choices[0]?.delta?.content ?? '';

    const ours = await collectStream(
      openai('gpt-4o-mini', { baseURL: sim.url, apiKey: 'sk-test' }).stream(ask),
    );
    expect(ours.text).toBe(sdkText);
    expect(ours.text).toBe(STORY);
  });
});
