import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelRequest, Tool } from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import { afterEach, beforeEach, vi } from 'vitest';
import type { LogRecord, ModelCallRecord } from './records/records.js';

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

/** A successful gpt-4o-mini model-call record (100 in, 10 out, $0.001), with `overrides` applied. */
export const modelCallRecord = (overrides: Partial<ModelCallRecord> = {}): ModelCallRecord => ({
  type: 'model-call',
  timestamp: '2026-01-30T10:00:00.000Z',
  runId: 'run_a',
  step: 1,
  provider: 'openai',
  model: 'gpt-4o-mini',
  responseModel: null,
  responseId: null,
  streaming: false,
  latencyMs: 100,
  timeToFirstTokenMs: null,
  status: 'ok',
  finishReason: 'stop',
  inputTokens: 100,
  cachedInputTokens: 0,
  outputTokens: 10,
  totalTokens: 110,
  reasoningTokens: null,
  costUSD: 0.001,
  cacheHit: false,
  retries: 0,
  errorCode: null,
  errorMessage: null,
  httpStatus: null,
  ...overrides,
});
