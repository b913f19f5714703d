// sqliteUsageStore: an empty summary, paths with #, % and spaces.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../test-utils.js';
import { sqliteUsageStore } from './sqlite-usage-store.js';

const tempDir = useTempDir();

describe('sqliteUsageStore', () => {
  it('summary() without groupBy is one all-zero row for an empty store or window', async () => {
    const store = sqliteUsageStore({ path: join(tempDir(), 'usage.db') });
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
    const path = join(tempDir(), 'my project #1', 'usage%20.db');
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
