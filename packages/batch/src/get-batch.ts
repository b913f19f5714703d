import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { InvalidOptionError, type ProviderBatchApi, type ProviderBatchStatus } from '@toolloop/core';
import { addCost, addUsage, emptyUsage } from '@toolloop/core/internal';
import { type BatchRecord, batchFiles, readFinished, readRecord, registryPath } from './batch-files.js';
import type { BatchStatus } from './batch-types.js';
import { readProviderCheckpoint } from './provider/provider-checkpoint.js';
import { DEFAULT_BATCH_STATE_DIR } from './run-batch.js';

/** Options of getBatch. */
export interface GetBatchOptions {
  /** Where batches are registered (default `.toolloop/batches`, as runBatch). */
  stateDir?: string;
}

/**
 * A batch's status by id — from any process, also while it runs: counts, usage and cost from the
 * lines written so far. A batch whose process died shows `running` with fewer lines than items;
 * `runBatch(…, { resume: true })` continues it.
 * @example const { status, counts } = await getBatch('batch_local_…');
 */
export async function getBatch(id: string, options: GetBatchOptions = {}): Promise<BatchStatus> {
  const record = findRecord(id, options);
  let usage = emptyUsage();
  let cost: number | null = 0;
  const counts = { total: record.total, completed: 0, failed: 0, running: 0 };
  for (const line of readFinished(record.outputPath, { repair: false })) {
    counts[line.status]++;
    usage = addUsage(usage, line.usage);
    cost = addCost(cost, line.cost);
  }
  return {
    id: record.id,
    mode: record.mode,
    status: record.status,
    round:
      record.mode === 'provider' ? readProviderCheckpoint(batchFiles(record.outputPath).provider).round : 1,
    counts,
    usage,
    cost,
    createdAt: record.createdAt,
    finishedAt: record.finishedAt,
    outputPath: record.outputPath,
  };
}

/** Options of cancelBatch. */
export interface CancelBatchOptions extends GetBatchOptions {
  /**
   * Provider mode: the batch's provider (as given to runBatch), so its waiting provider batches are
   * cancelled too — also when the process that ran it is gone.
   */
  provider?: ProviderBatchApi;
}

/**
 * Asks a running batch to stop, from any process: it aborts its running items (they are not
 * written) and starts no new one, within a fraction of a second; `runBatch(…, { resume: true })`
 * continues it later. With `provider`, the provider batches it waits for are cancelled as well
 * (answers they already have are kept by the provider). A batch that is not running is left as it is.
 */
export async function cancelBatch(id: string, options: CancelBatchOptions = {}): Promise<BatchStatus> {
  const record = findRecord(id, options);
  const files = batchFiles(record.outputPath);
  if (record.status === 'running') writeFileSync(files.cancel, `${new Date().toISOString()}\n`);
  const provider = options.provider;
  if (provider && record.mode === 'provider' && record.status !== 'completed') {
    const waiting = new Set(
      Object.values(readProviderCheckpoint(files.provider).pending).map((p) => p.batchId),
    );
    // The checkpoint may still list batches that have finished since (or were cancelled): only those
    // the provider still runs are cancelled, and one refusal does not leave the others running.
    const outcomes = await Promise.allSettled(
      [...waiting].map(async (batchId) => {
        if (STILL_RUNNING.has((await provider.retrieve(batchId)).status)) await provider.cancel(batchId);
      }),
    );
    const refused = outcomes.find((outcome) => outcome.status === 'rejected');
    if (refused) throw refused.reason;
  }
  return getBatch(id, options);
}

/** Provider batch states that a cancel still stops. */
const STILL_RUNNING = new Set<ProviderBatchStatus>(['validating', 'running']);

function findRecord(id: string, options: GetBatchOptions): BatchRecord {
  const entry = registryPath(options.stateDir ?? DEFAULT_BATCH_STATE_DIR, id);
  if (!existsSync(entry)) {
    throw new InvalidOptionError({
      option: 'id',
      message: `getBatch: no batch "${id}" in ${entry}; run it first, or pass the stateDir it was run with.`,
    });
  }
  const { record: recordPath } = JSON.parse(readFileSync(entry, 'utf8')) as { record: string };
  const record = readRecord(recordPath);
  if (!record) {
    throw new InvalidOptionError({
      option: 'id',
      message: `getBatch: the record of batch "${id}" (${recordPath}) is gone.`,
    });
  }
  return record;
}
