// Logging never fails the call it logs: odd tool outputs, uncopyable records, misbehaving sinks.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelRequest } from '@toolloop/core';
import { createAgent, wrapModel } from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import { describe, expect, it, vi } from 'vitest';
import type { ToolCallRecord } from '../records/records.js';
import { jsonlSink } from '../sinks/jsonl-sink.js';
import { memorySink, request, returning, toolTurns, useTempDir } from '../test-utils.js';
import { logging } from './logging.js';

const tempDir = useTempDir();

describe('logging never fails a call', () => {
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
    const path = join(tempDir(), 'calls.jsonl');
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
describe('sinks that misbehave', () => {
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
