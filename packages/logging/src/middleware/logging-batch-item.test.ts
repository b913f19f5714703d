import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createAgent } from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import { describe, expect, it } from 'vitest';
import { consoleSink } from '../sinks/console-sink.js';
import { jsonlSink } from '../sinks/jsonl-sink.js';
import { sqliteUsageStore } from '../sinks/sqlite-usage-store.js';
import { returning, useTempDir } from '../test-utils.js';
import { logging } from './logging.js';

const tempDir = useTempDir();

/** A tool call, then an answer: per run one model call, one tool call, one model call. */
const turns = () => [
  {
    toolCalls: [{ toolName: 'get_weather', arguments: { city: '서울' } }],
    usage: { inputTokens: 100, outputTokens: 10 },
  },
  { text: '맑음', usage: { inputTokens: 200, outputTokens: 20 } },
];

/** An agent logging to a JSONL file, a SQLite store and a console at once. */
function setup() {
  const jsonlPath = join(tempDir(), 'calls.jsonl');
  const storePath = join(tempDir(), 'usage.db');
  const consoleLines: string[] = [];
  const log = logging({
    sink: [
      jsonlSink({ path: jsonlPath }),
      sqliteUsageStore({ path: storePath }),
      consoleSink({ stream: { write: (text: string) => consoleLines.push(text) } }),
    ],
  });
  const model = scriptedModel({ modelId: 'gpt-4o-mini', turns: [...turns(), ...turns(), ...turns()] });
  const agent = createAgent({ model, tools: [returning({ sky: 'clear' })], middleware: [log] });
  const jsonl = async () =>
    (await readFile(jsonlPath, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  // Closing the log closes its sinks: the store is read back through a second handle, as a dashboard would.
  return { agent, log, jsonl, consoleLines, reopenStore: () => sqliteUsageStore({ path: storePath }) };
}

const batchFields = (record: object) => {
  const { type, runId, batchId, customId } = record as Record<string, unknown>;
  return { type, runId, batchId, customId };
};

describe('logging() of a batch item run (RunOptions.batchItem)', () => {
  it('records batchId and customId on its model and tool calls in the JSONL file, the SQLite store and the console; a run outside a batch records none', async () => {
    const { agent, log, jsonl, consoleLines, reopenStore } = setup();
    const batchItem = { batchId: 'batch_7', customId: 'req-1' };
    await agent.run('서울 날씨?', { runId: 'run_item', batchItem });
    for await (const _ of agent.stream('서울 날씨?', {
      runId: 'run_item_2',
      batchItem: { ...batchItem, customId: 'req-2' },
    })) {
      // drain
    }
    await agent.run('서울 날씨?', { runId: 'run_plain' });
    await log.close();

    const item1 = { batchId: 'batch_7', customId: 'req-1' };
    const item2 = { batchId: 'batch_7', customId: 'req-2' };
    const none = { batchId: undefined, customId: undefined };
    expect((await jsonl()).map(batchFields)).toEqual([
      { type: 'model-call', runId: 'run_item', ...item1 },
      { type: 'tool-call', runId: 'run_item', ...item1 },
      { type: 'model-call', runId: 'run_item', ...item1 },
      { type: 'model-call', runId: 'run_item_2', ...item2 },
      { type: 'tool-call', runId: 'run_item_2', ...item2 },
      { type: 'model-call', runId: 'run_item_2', ...item2 },
      { type: 'model-call', runId: 'run_plain', ...none },
      { type: 'tool-call', runId: 'run_plain', ...none },
      { type: 'model-call', runId: 'run_plain', ...none },
    ]);

    const store = reopenStore();
    const oldestFirst = <T>(records: T[]) => records.reverse();
    expect(oldestFirst(await store.recentCalls()).map(batchFields)).toEqual([
      { type: 'model-call', runId: 'run_item', ...item1 },
      { type: 'model-call', runId: 'run_item', ...item1 },
      { type: 'model-call', runId: 'run_item_2', ...item2 },
      { type: 'model-call', runId: 'run_item_2', ...item2 },
      { type: 'model-call', runId: 'run_plain', ...none },
      { type: 'model-call', runId: 'run_plain', ...none },
    ]);
    expect(oldestFirst(await store.recentToolCalls()).map(batchFields)).toEqual([
      { type: 'tool-call', runId: 'run_item', ...item1 },
      { type: 'tool-call', runId: 'run_item_2', ...item2 },
      { type: 'tool-call', runId: 'run_plain', ...none },
    ]);
    // What a batch cost, from the store: both items' calls, not the plain run's.
    const [batch] = await store.summary({ batchId: 'batch_7' });
    const [all] = await store.summary();
    expect(batch).toMatchObject({ key: 'all', calls: 4, inputTokens: 600, outputTokens: 60 });
    expect(batch?.costUSD).toBeCloseTo((600 * 0.15 + 60 * 0.6) / 1e6, 12);
    expect(all).toMatchObject({ calls: 6, inputTokens: 900 });
    expect(
      (await store.summary({ batchId: 'batch_7', groupBy: 'customId' })).map((r) => [r.key, r.calls]),
    ).toEqual([
      ['req-1', 2],
      ['req-2', 2],
    ]);
    await store.close();

    expect(consoleLines).toHaveLength(9);
    expect(
      consoleLines
        .slice(0, 6)
        .every(
          (line) =>
            line.trimEnd().endsWith(' batch:batch_7 item:req-1') ||
            line.trimEnd().endsWith(' batch:batch_7 item:req-2'),
        ),
    ).toBe(true);
    expect(consoleLines.slice(6).some((line) => line.includes('batch:'))).toBe(false);
  });
});
