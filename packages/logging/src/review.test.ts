import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Middleware, Model, ModelRequest, StreamPart, Tool } from '@toolloop/core';
import { collectStream, createAgent, InvalidOptionError, wrapModel } from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import { openai } from '@toolloop/openai';
import { redactedCredential, startSimulator } from '@toolloop/simulator';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { logging } from './middleware/logging.js';
import type { LogRecord, ModelCallRecord, ToolCallRecord } from './records/records.js';
import { jsonlSink } from './sinks/jsonl-sink.js';
import { sqliteUsageStore } from './sinks/sqlite-usage-store.js';

function memorySink() {
  const records: LogRecord[] = [];
  return { records, sink: { write: (record: LogRecord) => void records.push(record) } };
}

const request: ModelRequest = { messages: [{ role: 'user', content: 'AI란?' }] };

/** A tool that returns whatever the test hands it. */
const returning = (output: unknown): Tool<{ city: string }> => ({
  name: 'get_weather',
  description: 'weather',
  jsonSchema: { type: 'object', properties: { city: { type: 'string' } } },
  parseInput: (input) => ({ success: true, data: input as { city: string } }),
  execute: () => output,
});

const toolTurns = () =>
  scriptedModel({
    modelId: 'gpt-4o-mini',
    turns: [{ toolCalls: [{ toolName: 'get_weather', arguments: { city: '서울' } }] }, { text: '끝' }],
  });

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'toolloop-review-'));
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

describe('review: secrets', () => {
  it('redacts the OPENAI_API_KEY the provider used even when it does not look like sk-…', async () => {
    const key = 'gw-live-0123456789ABCDEF';
    const sim = await startSimulator({ apiKey: key });
    try {
      vi.stubEnv('OPENAI_API_KEY', key);
      const path = join(dir, 'calls.jsonl');
      const log = logging({ logPrompts: true, sink: jsonlSink({ path }) });
      sim.script(
        { toolCalls: [{ name: 'get_weather', arguments: { city: key } }] },
        { text: `키 ${key} 확인` },
      );
      const agent = createAgent({
        model: openai('gpt-4o-mini', { baseURL: sim.url }),
        tools: [returning({ echoed: key })],
        middleware: [log],
      });
      await agent.run(`내 키는 ${key} 입니다`);
      await log.close();
      expect(sim.requests[0]?.headers.authorization).toBe(redactedCredential(`Bearer ${key}`));
      const bytes = await readFile(path, 'utf8');
      expect(bytes.split('\n').filter(Boolean)).toHaveLength(3);
      expect(bytes).toContain('[REDACTED]');
      expect(bytes).not.toContain(key);
    } finally {
      await sim.close();
    }
  });

  it('keeps a short OPENAI_API_KEY placeholder of a local server out of redaction', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'lm-studio');
    const { records, sink } = memorySink();
    const model = scriptedModel({ modelId: 'lm-studio-community/qwen', turns: [{ text: 'a' }] });
    await wrapModel({ model, middleware: [logging({ sink })] }).generate(request);
    expect(records[0]).toMatchObject({ model: 'lm-studio-community/qwen' });
  });

  it('skips unset entries of secrets instead of failing the call, and rejects a non-array', async () => {
    const { records, sink } = memorySink();
    const secrets = [undefined as unknown as string, 'corp-gateway-7f3a9c1e'];
    const model = scriptedModel({ turns: [{ text: 'key corp-gateway-7f3a9c1e' }] });
    const response = await wrapModel({
      model,
      middleware: [logging({ sink, logPrompts: true, secrets })],
    }).generate(request);
    expect(response.text).toBe('key corp-gateway-7f3a9c1e');
    expect((records[0] as ModelCallRecord).output?.text).toBe('key [REDACTED]');
    expect(() => logging({ secrets: 'corp-gateway-7f3a9c1e' as unknown as string[] })).toThrow(
      InvalidOptionError,
    );
  });

  it('redacts the whole of a secret that contains a shorter listed secret', async () => {
    const { records, sink } = memorySink();
    const model = scriptedModel({ turns: [{ text: 'token gw-prod-key-1234-signature-9876' }] });
    await wrapModel({
      model,
      middleware: [
        logging({ sink, logPrompts: true, secrets: ['gw-prod-key-1234', 'gw-prod-key-1234-signature-9876'] }),
      ],
    }).generate(request);
    expect(JSON.stringify(records)).not.toContain('signature-9876');
  });

  it('replaces credential fields named in snake_case in tool outputs', async () => {
    const { records, sink } = memorySink();
    const output = { api_key: 'plain-credential-value', OPENAI_API_KEY: 'another-credential' };
    await createAgent({
      model: toolTurns(),
      tools: [returning(output)],
      middleware: [logging({ sink, logPrompts: true })],
    }).run('서울 날씨 어때?');
    const tool = records.find((r): r is ToolCallRecord => r.type === 'tool-call');
    expect(tool?.output).toEqual({ api_key: '[REDACTED]', OPENAI_API_KEY: '[REDACTED]' });
  });
});

describe('review: logging never fails a call', () => {
  it('logs a tool output as the model saw it (toJSON), and a throwing getter never fails the tool call', async () => {
    class Row {
      readonly #data: Record<string, unknown>;
      constructor(data: Record<string, unknown>) {
        this.#data = data;
      }
      toJSON() {
        return this.#data;
      }
    }
    // Like an ORM document: JSON gives its data, its own fields include one that throws when read.
    const lazy = Object.defineProperty(new Row({ city: '부산' }), 'lazy', {
      enumerable: true,
      get() {
        throw new Error('lazy field not loaded');
      },
    });
    const { records, sink } = memorySink();
    const onError = vi.fn();
    const model = scriptedModel({
      modelId: 'gpt-4o-mini',
      turns: [
        { toolCalls: [{ toolName: 'get_weather', arguments: { city: '서울' } }] },
        { toolCalls: [{ toolName: 'get_weather', arguments: { city: '부산' } }] },
        { text: '끝' },
      ],
    });
    const outputs = [new Row({ city: '서울', temperature: 21 }), lazy];
    const result = await createAgent({
      model,
      tools: [{ ...returning(undefined), execute: () => outputs.shift() }],
      middleware: [logging({ sink, logPrompts: true, onError })],
    }).run('서울 날씨 어때?');
    expect(result.text).toBe('끝');
    expect(result.toolCalls.map((call) => call.isError)).toEqual([false, false]);
    expect(onError).not.toHaveBeenCalled();
    const tools = records.filter((r): r is ToolCallRecord => r.type === 'tool-call');
    expect(tools.map((r) => r.output)).toEqual([{ city: '서울', temperature: 21 }, { city: '부산' }]);
  });

  it('a record that cannot be copied is reported and logged without its prompt data, never failing the call', async () => {
    const { records, sink } = memorySink();
    const onError = vi.fn();
    // Defence in depth: a message whose copy throws (a getter over a disposed resource).
    const message = Object.defineProperty({ role: 'user' }, 'content', {
      enumerable: true,
      get() {
        throw new Error('content already consumed');
      },
    });
    const model = scriptedModel({
      modelId: 'gpt-4o-mini',
      turns: [{ text: '인공지능', usage: { inputTokens: 3 } }],
    });
    const response = await wrapModel({
      model,
      middleware: [logging({ sink, logPrompts: true, onError })],
    }).generate({
      messages: [message as ModelRequest['messages'][number]],
    });
    expect(response.text).toBe('인공지능');
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'content already consumed' }),
      undefined,
    );
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ status: 'ok', inputTokens: 3 });
    expect(records[0]).not.toHaveProperty('messages');
  });

  it('a BigInt in a tool output does not lose the record in the JSON lines file', async () => {
    const path = join(dir, 'calls.jsonl');
    const onError = vi.fn();
    const log = logging({ sink: jsonlSink({ path }), logPrompts: true, onError });
    await createAgent({
      model: toolTurns(),
      tools: [returning({ id: 12345678901234567890n })],
      middleware: [log],
    }).run('서울 날씨 어때?');
    await log.close();
    expect(onError).not.toHaveBeenCalled();
    const lines = (await readFile(path, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.find((l) => l.type === 'tool-call')?.output).toEqual({ id: '12345678901234567890' });
  });
});

describe('review: sinks that misbehave', () => {
  it('a sink returning a thenable that throws is reported and never fails the call', async () => {
    const onError = vi.fn();
    const sink = {
      write: () =>
        ({
          // biome-ignore lint/suspicious/noThenProperty: the point is a broken thenable
          then() {
            throw new Error('bad thenable');
          },
        }) as unknown as Promise<void>,
    };
    const log = logging({ sink, onError });
    const response = await wrapModel({
      model: scriptedModel({ turns: [{ text: 'a' }] }),
      middleware: [log],
    }).generate(request);
    expect(response.text).toBe('a');
    await log.flush();
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'bad thenable' }),
      expect.anything(),
    );
  });

  it('the default sink-failure warning redacts the listed secrets', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const secret = 'corp-gateway-7f3a9c1e';
      const sink = {
        write() {
          throw new Error(`upload refused for key ${secret}`);
        },
      };
      const log = logging({ sink, secrets: [secret] });
      await wrapModel({ model: scriptedModel({ turns: [{ text: 'a' }] }), middleware: [log] }).generate(
        request,
      );
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toContain('upload refused for key [REDACTED]');
      expect(String(warn.mock.calls[0]?.[0])).not.toContain(secret);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('review: cost and timing', () => {
  it('a cache hit costs 0 even when the stored response had no usage', async () => {
    const { records, sink } = memorySink();
    const hit: Middleware = {
      name: 'hit',
      async generate(req, next, context) {
        const response = await next(req);
        context.metadata.cacheHit = true;
        return response;
      },
    };
    const model = scriptedModel({ modelId: 'gpt-4o-mini', turns: [{ text: 'a' }] });
    await wrapModel({ model, middleware: [logging({ sink }), hit] }).generate(request);
    expect(records[0]).toMatchObject({ cacheHit: true, costUSD: 0, inputTokens: null });
  });

  const streamOf = (parts: Array<[number, StreamPart]>, clock: { t: number }): Model => ({
    provider: 'openai',
    modelId: 'gpt-4o-mini',
    generate: () => Promise.reject(new Error('stream only')),
    async *stream() {
      for (const [ms, part] of parts) {
        clock.t += ms;
        yield part;
      }
    },
  });

  it('times the first token at a refusal, or at a complete tool call that came without deltas', async () => {
    const clock = { t: 0 };
    const { records, sink } = memorySink();
    const log = logging({ sink, now: () => clock.t });
    const toolCall = { toolCallId: 'call_1', toolName: 'get_weather', arguments: '{}' };
    for (const first of [
      { type: 'refusal-delta', delta: "I can't help with that." },
      { type: 'tool-call', toolCall },
    ] as StreamPart[]) {
      clock.t = 0;
      const model = streamOf(
        [
          [70, first],
          [30, { type: 'finish', finishReason: 'stop' }],
        ],
        clock,
      );
      await collectStream(wrapModel({ model, middleware: [log] }).stream(request));
    }
    expect(records.map((r) => (r as ModelCallRecord).timeToFirstTokenMs)).toEqual([70, 70]);
  });
});

describe('review: sqliteUsageStore', () => {
  it('summary() without groupBy is one all-zero row for an empty store or window', async () => {
    const store = sqliteUsageStore({ path: join(dir, 'usage.db') });
    const zero = {
      key: 'all',
      calls: 0,
      errors: 0,
      cacheHits: 0,
      inputTokens: 0,
      cachedInputTokens: 0,
      outputTokens: 0,
      totalTokens: 0,
      costUSD: 0,
      unpricedCalls: 0,
    };
    expect(await store.summary()).toEqual([zero]);
    expect(await store.summary({ since: '2099-01-01T00:00:00.000Z' })).toEqual([zero]);
    expect(await store.summary({ groupBy: 'model' })).toEqual([]);
    await store.close();
  });

  it('stores to the exact path even when it holds #, % or spaces', async () => {
    const path = join(dir, 'my project #1', 'usage%20.db');
    const store = sqliteUsageStore({ path });
    await store.write({
      type: 'tool-call',
      timestamp: '2026-01-30T10:00:00.000Z',
      runId: 'r',
      step: 1,
      toolCallId: 'c',
      toolName: 't',
      durationMs: 1,
      status: 'ok',
      isError: false,
      errorCode: null,
      errorMessage: null,
    });
    expect(await store.recentToolCalls()).toHaveLength(1);
    await store.close();
    expect((await stat(path)).isFile()).toBe(true);
  });
});
