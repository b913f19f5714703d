// sqliteUsageStore: usage and cost per batch and per batch item, the calls of one batch.
import { join } from 'node:path';
import { InvalidOptionError } from '@toolloop/core';
import { describe, expect, it } from 'vitest';
import type { ModelCallRecord, ToolCallRecord } from '../records/records.js';
import { modelCallRecord, useTempDir } from '../test-utils.js';
import { sqliteUsageStore } from './sqlite-usage-store.js';

const tempDir = useTempDir();

const modelCall = (
  timestamp: string,
  batch: { batchId: string; customId: string } | undefined,
  costUSD: number | null,
): ModelCallRecord =>
  modelCallRecord({ timestamp, runId: `run_${timestamp.slice(11, 19)}`, costUSD, ...batch });

const toolCall = (
  timestamp: string,
  batch: { batchId: string; customId: string } | undefined,
): ToolCallRecord => ({
  type: 'tool-call',
  timestamp,
  runId: 'run_t',
  step: 1,
  toolCallId: `call_${timestamp.slice(17, 19)}`,
  toolName: 'get_weather',
  durationMs: 5,
  status: 'ok',
  isError: false,
  errorCode: null,
  errorMessage: null,
  ...batch,
});

/** Two batches (a: two items, b: one), plus calls made outside any batch. */
async function seeded() {
  const store = sqliteUsageStore({ path: join(tempDir(), 'usage.db') });
  const a1 = { batchId: 'batch_a', customId: 'req-1' };
  const a2 = { batchId: 'batch_a', customId: 'req-2' };
  const b1 = { batchId: 'batch_b', customId: 'req-1' };
  await store.write(modelCall('2026-01-30T10:00:01.000Z', a1, 0.001));
  await store.write(modelCall('2026-01-30T10:00:02.000Z', a1, 0.002));
  await store.write(modelCall('2026-01-30T10:00:03.000Z', a2, null));
  await store.write(modelCall('2026-01-30T10:00:04.000Z', b1, 0.004));
  await store.write(modelCall('2026-01-30T10:00:05.000Z', undefined, 0.5));
  await store.write(toolCall('2026-01-30T10:00:01.500Z', a1));
  await store.write(toolCall('2026-01-30T10:00:04.500Z', b1));
  await store.write(toolCall('2026-01-30T10:00:05.500Z', undefined));
  return store;
}

describe('sqliteUsageStore per batch', () => {
  it('summary({ batchId }) totals one batch; groupBy batch and customId split it, leaving out calls outside a batch', async () => {
    const store = await seeded();
    expect(await store.summary({ batchId: 'batch_a' })).toEqual([
      {
        key: 'all',
        calls: 3,
        errors: 0,
        cacheHits: 0,
        inputTokens: 300,
        cachedInputTokens: 0,
        outputTokens: 30,
        totalTokens: 330,
        costUSD: 0.003,
        unpricedCalls: 1,
      },
    ]);
    expect((await store.summary({ groupBy: 'batch' })).map((r) => [r.key, r.calls, r.costUSD])).toEqual([
      ['batch_a', 3, 0.003],
      ['batch_b', 1, 0.004],
    ]);
    expect(
      (await store.summary({ batchId: 'batch_a', groupBy: 'customId' })).map((r) => [
        r.key,
        r.calls,
        r.costUSD,
        r.unpricedCalls,
      ]),
    ).toEqual([
      ['req-1', 2, 0.003, 0],
      ['req-2', 1, 0, 1],
    ]);
    // A batch with no calls (or a window that misses it) is one all-zero row, like the store's total.
    expect(await store.summary({ batchId: 'batch_none' })).toEqual([
      expect.objectContaining({ key: 'all', calls: 0, costUSD: 0 }),
    ]);
    expect(await store.summary({ batchId: 'batch_a', since: '2026-01-30T10:00:02.500Z' })).toEqual([
      expect.objectContaining({ calls: 1, unpricedCalls: 1 }),
    ]);
    await store.close();
  });

  it('recentCalls and recentToolCalls({ batchId }) list only that batch’s calls, newest first', async () => {
    const store = await seeded();
    expect((await store.recentCalls({ batchId: 'batch_a' })).map((r) => [r.customId, r.costUSD])).toEqual([
      ['req-2', null],
      ['req-1', 0.002],
      ['req-1', 0.001],
    ]);
    expect((await store.recentCalls({ batchId: 'batch_a', limit: 1 })).map((r) => r.customId)).toEqual([
      'req-2',
    ]);
    expect((await store.recentToolCalls({ batchId: 'batch_b' })).map((r) => [r.batchId, r.customId])).toEqual(
      [['batch_b', 'req-1']],
    );
    expect(await store.recentToolCalls()).toHaveLength(3);
    await store.close();
  });

  it('refuses a batchId that is not a non-empty string and an unknown groupBy, naming the fix', async () => {
    const store = sqliteUsageStore({ path: join(tempDir(), 'usage.db') });
    const refused = async (promise: Promise<unknown>) =>
      promise.then(
        () => undefined,
        (error: unknown) => error,
      );
    const badId = await refused(store.summary({ batchId: 42 as never }));
    expect(InvalidOptionError.isInstance(badId)).toBe(true);
    expect(badId).toMatchObject({ option: 'batchId' });
    expect((badId as Error).message).toMatch(
      /summary\(\{ batchId \}\) must be the batch's id as a non-empty string.*got 42/,
    );
    expect(await refused(store.recentCalls({ batchId: '' }))).toMatchObject({ option: 'batchId' });
    expect(await refused(store.recentToolCalls({ batchId: null as never }))).toMatchObject({
      option: 'batchId',
    });
    const badGroup = await refused(store.summary({ groupBy: 'run' as never }));
    expect(badGroup).toMatchObject({ code: 'invalid-option', option: 'groupBy' });
    expect((badGroup as Error).message).toMatch(/one of model, day, batch, customId.*got "run"/);
    await store.close();
  });
});
