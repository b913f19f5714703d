import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelRequest, Tool } from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import { afterEach, beforeEach, vi } from 'vitest';
import type { LogRecord } from './records/records.js';

/** A sink that keeps every record in memory, for assertions. */
export function memorySink() {
  const records: LogRecord[] = [];
  return { records, sink: { write: (record: LogRecord) => void records.push(record) } };
}

/** A one-message request. */
export const request: ModelRequest = { messages: [{ role: 'user', content: 'AI란?' }] };

/** A get_weather tool that returns whatever the test hands it. */
export const returning = (output: unknown): Tool<{ city: string }> => ({
  name: 'get_weather',
  description: 'weather',
  jsonSchema: { type: 'object', properties: { city: { type: 'string' } } },
  parseInput: (input) => ({ success: true, data: input as { city: string } }),
  execute: () => output,
});

/** A model that calls get_weather once, then answers. */
export const toolTurns = () =>
  scriptedModel({
    modelId: 'gpt-4o-mini',
    turns: [{ toolCalls: [{ toolName: 'get_weather', arguments: { city: '서울' } }] }, { text: '끝' }],
  });

/** A fresh temporary folder per test (removed after it, with any stubbed environment restored). */
export function useTempDir(): () => string {
  let dir: string | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'toolloop-test-'));
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return () => {
    if (!dir) throw new TypeError('useTempDir(): the folder exists only inside a test.');
    return dir;
  };
}
