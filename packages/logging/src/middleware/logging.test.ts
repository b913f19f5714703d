import type { Middleware, ModelRequest, PreparedToolCall, ToolCallContext } from '@toolloop/core';
import { APICallError, InvalidOptionError, ToolExecutionError, wrapModel } from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import { describe, expect, it, vi } from 'vitest';
import type { LogRecord, ModelCallRecord, ToolCallRecord } from '../records/records.js';
import { logging } from './logging.js';

function memorySink() {
  const records: LogRecord[] = [];
  return { records, sink: { write: (record: LogRecord) => void records.push(record) } };
}

/** A clock that moves only when told, for exact durations. */
function manualClock() {
  let t = 1000;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}

const request: ModelRequest = { messages: [{ role: 'user', content: 'AI란?' }] };

/** Stands in for the cache and retry middleware: marks a cache hit as the cache does, leaves retry's note. */
const notes = ({ cacheHit, retries }: { cacheHit?: boolean; retries?: number }): Middleware => ({
  name: 'notes',
  async generate(req, next, context) {
    const response = await next(req);
    if (retries !== undefined) context.metadata.retries = retries;
    return cacheHit ? { ...response, source: 'cache' } : response;
  },
});

describe('logging() on model calls', () => {
  it('writes one record per call with usage, cost and the notes of inner middleware', async () => {
    const { records, sink } = memorySink();
    const model = scriptedModel({
      modelId: 'gpt-4o-mini',
      provider: 'openai',
      turns: [
        { text: '인공지능입니다.', usage: { inputTokens: 1000, cachedInputTokens: 200, outputTokens: 500 } },
      ],
    });
    const log = logging({ sink });
    const wrapped = wrapModel({ model, middleware: [log, notes({ cacheHit: false, retries: 2 })] });
    await wrapped.generate(request);
    expect(records).toHaveLength(1);
    const record = records[0] as ModelCallRecord;
    expect(record).toMatchObject({
      type: 'model-call',
      step: 0,
      provider: 'openai',
      model: 'gpt-4o-mini',
      streaming: false,
      status: 'ok',
      finishReason: 'stop',
      inputTokens: 1000,
      cachedInputTokens: 200,
      outputTokens: 500,
      totalTokens: 1500,
      cacheHit: false,
      retries: 2,
      errorCode: null,
      httpStatus: null,
      timeToFirstTokenMs: null,
    });
    expect(record.runId).toMatch(/^call/);
    expect(new Date(record.timestamp).toISOString()).toBe(record.timestamp);
    // gpt-4o-mini: $0.15 / 1M input, $0.075 / 1M cached input, $0.60 / 1M output.
    expect(record.costUSD).toBeCloseTo((800 * 0.15 + 200 * 0.075 + 500 * 0.6) / 1e6, 15);
    expect(record).not.toHaveProperty('messages');
    expect(record).not.toHaveProperty('output');
  });

  it('measures latency with the injected clock', async () => {
    const clock = manualClock();
    const { records, sink } = memorySink();
    const model = scriptedModel({
      turns: [
        () => {
          clock.advance(812);
          return { text: 'ok' };
        },
      ],
    });
    await wrapModel({ model, middleware: [logging({ sink, now: clock.now })] }).generate(request);
    expect(records[0]).toMatchObject({ latencyMs: 812 });
  });

  it('logs a cache hit as costing nothing, and an unknown model as unknown cost, never 0', async () => {
    const { records, sink } = memorySink();
    const usage = { inputTokens: 10, outputTokens: 5 };
    const known = scriptedModel({ modelId: 'gpt-4o', turns: [{ text: 'a', usage }] });
    const unknown = scriptedModel({ modelId: 'my-local-llama', turns: [{ text: 'b', usage }] });
    await wrapModel({ model: known, middleware: [logging({ sink }), notes({ cacheHit: true })] }).generate(
      request,
    );
    await wrapModel({ model: unknown, middleware: [logging({ sink })] }).generate(request);
    expect(records.map((r) => (r as ModelCallRecord).costUSD)).toEqual([0, null]);
    expect(records[0]).toMatchObject({ cacheHit: true, inputTokens: 10 });
  });

  it('prices models with the price table of the model it wraps (one table, given once)', async () => {
    const { records, sink } = memorySink();
    const model = scriptedModel({
      modelId: 'my-local-llama',
      turns: [{ text: 'b', usage: { inputTokens: 2000, outputTokens: 1000 } }],
    });
    const prices = { 'my-local-llama': { input: 1, output: 2 } };
    await wrapModel({ model, middleware: [logging({ sink })], prices }).generate(request);
    expect((records[0] as ModelCallRecord).costUSD).toBeCloseTo((2000 * 1 + 1000 * 2) / 1e6, 15);
  });

  it('refuses a prices option of its own, pointing to the agent’s', () => {
    expect(() => logging({ prices: {} } as never)).toThrow(/takes no `prices`.*createAgent\(\{ prices \}\)/);
  });

  it('logs a failed call with status, code and HTTP status, and rethrows the same error', async () => {
    const { records, sink } = memorySink();
    const error = new APICallError({ message: 'Internal server error', status: 500, isRetryable: true });
    const model = scriptedModel({ turns: [{ error }] });
    const wrapped = wrapModel({ model, middleware: [logging({ sink })] });
    await expect(wrapped.generate(request)).rejects.toBe(error);
    expect(records[0]).toMatchObject({
      status: 'error',
      errorCode: 'api-call',
      httpStatus: 500,
      errorMessage: 'Internal server error',
      inputTokens: null,
      totalTokens: null,
      costUSD: null,
    });
  });

  it("level 'error' writes only failures", async () => {
    const { records, sink } = memorySink();
    const model = scriptedModel({ turns: [{ text: 'fine' }, { error: new Error('boom') }] });
    const wrapped = wrapModel({ model, middleware: [logging({ sink, level: 'error' })] });
    await wrapped.generate(request);
    await expect(wrapped.generate(request)).rejects.toThrow('boom');
    expect(records.map((r) => r.status)).toEqual(['error']);
    expect(records[0]).toMatchObject({ errorCode: 'Error', errorMessage: 'boom' });
  });

  it('logs prompts and answers only with logPrompts, redacting keys even then', async () => {
    const { records, sink } = memorySink();
    const canary = 'sk-canary-0123456789abcdef';
    const model = scriptedModel({ turns: [{ text: `your key is ${canary}` }, { text: 'again' }] });
    const prompt: ModelRequest = {
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: `my key is ${canary}, Bearer abcdefgh` },
            { type: 'image', data: 'iVBORw0KGgo=', mimeType: 'image/png' },
          ],
        },
      ],
    };
    await wrapModel({ model, middleware: [logging({ sink, logPrompts: true })] }).generate(prompt);
    await wrapModel({ model, middleware: [logging({ sink })] }).generate(prompt);
    const [withPrompts, without] = records as ModelCallRecord[];
    expect(withPrompts?.messages?.[0]).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'my key is [REDACTED], Bearer [REDACTED]' },
        { type: 'image', data: '[12 base64 chars]', mimeType: 'image/png' },
      ],
    });
    expect(withPrompts?.output).toEqual({ text: 'your key is [REDACTED]', toolCalls: [] });
    expect(without).not.toHaveProperty('messages');
    expect(JSON.stringify(records)).not.toContain(canary);
  });

  it('redacts literal secrets given in the secrets option', async () => {
    const { records, sink } = memorySink();
    const model = scriptedModel({ turns: [{ error: new Error('gateway rejected key gw-7f3a9c1d') }] });
    const wrapped = wrapModel({ model, middleware: [logging({ sink, secrets: ['gw-7f3a9c1d'] })] });
    await expect(wrapped.generate(request)).rejects.toThrow();
    expect((records[0] as ModelCallRecord).errorMessage).toBe('gateway rejected key [REDACTED]');
  });
});

describe('logging() sinks', () => {
  it('a throwing or rejecting sink never fails the call; the failure goes to onError', async () => {
    const onError = vi.fn();
    const { records, sink } = memorySink();
    const throwing = {
      write() {
        throw new Error('disk full');
      },
    };
    const rejecting = { write: () => Promise.reject(new Error('db locked')) };
    const log = logging({ sink: [throwing, rejecting, sink], onError });
    const model = scriptedModel({ turns: [{ text: 'still answered' }] });
    const response = await wrapModel({ model, middleware: [log] }).generate(request);
    expect(response.text).toBe('still answered');
    await log.flush();
    expect(records).toHaveLength(1);
    expect(onError.mock.calls.map(([error]) => (error as Error).message).sort()).toEqual([
      'db locked',
      'disk full',
    ]);
    expect(onError.mock.calls[0]?.[1]).toMatchObject({ type: 'model-call' });
  });

  it('close() waits for pending writes and closes every sink', async () => {
    const written: string[] = [];
    let closed = 0;
    const slow = {
      write: (record: LogRecord) =>
        new Promise<void>((resolve) =>
          setTimeout(() => {
            written.push(record.type);
            resolve();
          }, 5),
        ),
      close: async () => void closed++,
    };
    const log = logging({ sink: slow });
    await wrapModel({ model: scriptedModel({ turns: [{ text: 'x' }] }), middleware: [log] }).generate(
      request,
    );
    expect(written).toEqual([]);
    await log.close();
    expect(written).toEqual(['model-call']);
    expect(closed).toBe(1);
  });

  it('rejects a bad level or a sink without write at construction', () => {
    expect(() => logging({ level: 'debug' as 'info' })).toThrow(InvalidOptionError);
    expect(() => logging({ sink: [{} as never] })).toThrow(/sink.*write/);
  });
});

describe('logging() on tool calls', () => {
  const context: ToolCallContext = {
    runId: 'run_1',
    step: 2,
    model: scriptedModel({ turns: [] }),
    signal: undefined,
    batchItem: undefined,
    metadata: {},
  };
  const call: PreparedToolCall = {
    toolCallId: 'call_1',
    toolName: 'get_weather',
    arguments: '{"city":"서울","apiKey":"sk-canary-0123456789abcdef"}',
    input: { city: '서울' },
    tool: undefined,
  };

  it('writes one record per tool call with its duration and outcome', async () => {
    const clock = manualClock();
    const { records, sink } = memorySink();
    const log = logging({ sink, now: clock.now });
    await log.tool(
      call,
      async () => {
        clock.advance(7);
        return { isError: false, output: { temperature: 21 } };
      },
      context,
    );
    const failure = new ToolExecutionError({
      toolName: 'get_weather',
      toolCallId: 'call_1',
      message: 'weather service down',
    });
    await log.tool(call, async () => ({ isError: true, error: failure }), context);
    expect(records).toEqual([
      expect.objectContaining({
        type: 'tool-call',
        runId: 'run_1',
        step: 2,
        toolCallId: 'call_1',
        toolName: 'get_weather',
        durationMs: 7,
        isError: false,
        status: 'ok',
        errorCode: null,
      }),
      expect.objectContaining({
        isError: true,
        status: 'error',
        errorCode: 'tool-execution',
        errorMessage: 'weather service down',
      }),
    ]);
    expect(records[0]).not.toHaveProperty('arguments');
    expect(records[0]).not.toHaveProperty('output');
  });

  it('logs arguments and output only with logPrompts, redacted', async () => {
    const { records, sink } = memorySink();
    const log = logging({ sink, logPrompts: true });
    await log.tool(
      call,
      async () => ({ isError: false, output: { echoed: 'sk-canary-0123456789abcdef' } }),
      context,
    );
    const record = records[0] as ToolCallRecord;
    expect(record.arguments).toBe('{"city":"서울","apiKey":"[REDACTED]"}');
    expect(record.output).toEqual({ echoed: '[REDACTED]' });
  });

  it('marks a tool call aborted when the run was aborted', async () => {
    const { records, sink } = memorySink();
    const controller = new AbortController();
    controller.abort();
    const log = logging({ sink });
    await log.tool(call, async () => ({ isError: true, error: new DOMException('stop', 'AbortError') }), {
      ...context,
      signal: controller.signal,
    });
    expect(records[0]).toMatchObject({ isError: true, status: 'aborted', errorCode: 'aborted' });
  });
});
