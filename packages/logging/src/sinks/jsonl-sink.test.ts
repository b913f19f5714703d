import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAgent, InvalidOptionError } from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { logging } from '../middleware/logging.js';
import { jsonlSink } from './jsonl-sink.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'toolloop-jsonl-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const lines = async (path: string) =>
  (await readFile(path, 'utf8'))
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('jsonlSink', () => {
  it('appends one JSON line per record, creating missing directories, flushed by close()', async () => {
    const path = join(dir, 'logs', 'nested', 'calls.jsonl');
    const log = logging({ sink: jsonlSink({ path }) });
    const model = scriptedModel({
      modelId: 'gpt-4o-mini',
      turns: [
        { text: 'one', usage: { inputTokens: 10, outputTokens: 2 } },
        { text: 'two', usage: { inputTokens: 20, outputTokens: 4 } },
      ],
    });
    const agent = createAgent({ model, middleware: [log] });
    await agent.run('AI란?');
    await agent.run('AI란?');
    await log.close();
    const records = await lines(path);
    expect(records.map((r) => [r.type, r.totalTokens, r.status])).toEqual([
      ['model-call', 12, 'ok'],
      ['model-call', 24, 'ok'],
    ]);
  });

  it('appends to an existing file instead of truncating it', async () => {
    const path = join(dir, 'calls.jsonl');
    for (const text of ['first', 'second']) {
      const log = logging({ sink: jsonlSink({ path }) });
      await createAgent({ model: scriptedModel({ turns: [{ text }] }), middleware: [log] }).run('hi');
      await log.close();
    }
    expect(await lines(path)).toHaveLength(2);
  });

  it('keeps order under concurrent calls', async () => {
    const path = join(dir, 'calls.jsonl');
    const sink = jsonlSink({ path });
    const base = {
      type: 'tool-call',
      timestamp: new Date(0).toISOString(),
      runId: 'r',
      toolCallId: 'c',
      toolName: 't',
      durationMs: 1,
      status: 'ok',
      isError: false,
      errorCode: null,
      errorMessage: null,
    } as const;
    await Promise.all(Array.from({ length: 50 }, (_, step) => sink.write({ ...base, step })));
    await sink.close?.();
    expect((await lines(path)).map((r) => r.step)).toEqual(Array.from({ length: 50 }, (_, step) => step));
  });

  it('needs a path', () => {
    expect(() => jsonlSink({ path: '' })).toThrow(InvalidOptionError);
  });
});
