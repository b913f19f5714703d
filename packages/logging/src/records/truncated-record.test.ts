import { createAgent } from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import { describe, expect, it } from 'vitest';
import { logging } from '../middleware/logging.js';
import { consoleSink } from '../sinks/console-sink.js';
import type { LogRecord } from './records.js';

/** A logging middleware writing to memory and to a captured console. */
function captured() {
  const records: LogRecord[] = [];
  const lines: string[] = [];
  const log = logging({
    sink: [
      { write: (record) => void records.push(record) },
      consoleSink({ stream: { write: (line) => lines.push(line) } }),
    ],
  });
  return { records, lines, log };
}

describe('a model call cut off at its output limit', () => {
  it('is marked truncated in the record and the console line, with maxTokens and output tokens', async () => {
    const { records, lines, log } = captured();
    const model = scriptedModel({
      modelId: 'gpt-4o-mini',
      turns: [{ text: '옛날 옛적에', finishReason: 'length', usage: { inputTokens: 12, outputTokens: 8 } }],
    });
    await createAgent({ model, middleware: [log], settings: { maxTokens: 8 } }).run('긴 이야기');
    await log.close();
    expect(records[0]).toMatchObject({
      finishReason: 'length',
      truncated: { maxTokens: 8, outputTokens: 8 },
    });
    expect(lines[0]).toContain('TRUNCATED at maxTokens 8');
  });

  it('a complete answer has no truncated field and no marker', async () => {
    const { records, lines, log } = captured();
    await createAgent({ model: scriptedModel({ turns: [{ text: 'ok' }] }), middleware: [log] }).run('hi');
    await log.close();
    expect(records[0]).not.toHaveProperty('truncated');
    expect(lines[0]).not.toContain('TRUNCATED');
  });
});
