import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, openSync, rmSync, writeSync } from 'node:fs';
import { AbortError, type Agent, InvalidOptionError, ToolloopError, type Usage } from '@toolloop/core';
import { addCost, addUsage, emptyUsage, onAbort } from '@toolloop/core/internal';
import pLimit from 'p-limit';
import {
  type BatchRecord,
  batchFiles,
  readFinished,
  readRecord,
  registryPath,
  writeJsonAtomic,
} from './batch-files.js';
import { BatchJournal } from './batch-journal.js';
import type { BatchItem, BatchProgress, BatchResultLine, BatchState, BatchStatus } from './batch-types.js';
import { checkBatchItems } from './check-batch-items.js';

/** Options of runBatch. */
export interface RunBatchOptions {
  /** The results JSONL, one line per item as it finishes. Refused when it exists, unless `resume`. */
  outputPath: string;
  /** Items run at once (default 8). */
  concurrency?: number;
  /** Continue the batch whose output is at `outputPath`: skip finished items, replay cut-off ones. */
  resume?: boolean;
  /** The batch's id (default `batch_local_<uuid>`; a resumed batch keeps its own). */
  id?: string;
  /** Where `getBatch(id)` finds batches (default `.toolloop/batches`). */
  stateDir?: string;
  /** Stops the batch: running items are aborted (and not written), none start; resume later. */
  signal?: AbortSignal;
  /** After each finished item. */
  onProgress?: (progress: BatchProgress) => void;
}

/** The default folder of the batch registry. */
export const DEFAULT_BATCH_STATE_DIR = '.toolloop/batches';

function positiveInteger(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new InvalidOptionError({
      option,
      message: `runBatch: ${option} must be a whole number ≥ 1, got ${String(value)}.`,
    });
  }
  return value;
}

/** The record to continue, or a new one; refuses to overwrite results or resume another input. */
function openRecord(
  options: RunBatchOptions,
  files: ReturnType<typeof batchFiles>,
  inputHash: string,
  total: number,
): BatchRecord {
  const existing = readRecord(files.record);
  if (!options.resume) {
    if (existsSync(files.output) || existing) {
      throw new InvalidOptionError({
        option: 'outputPath',
        message: `runBatch: ${files.output} already exists; results are never overwritten. Pass resume: true (CLI: --resume) to continue that batch, or choose another output path.`,
      });
    }
    return {
      id: options.id ?? `batch_local_${randomUUID()}`,
      mode: 'local',
      status: 'running',
      inputHash,
      total,
      createdAt: new Date().toISOString(),
      finishedAt: null,
      outputPath: files.output,
    };
  }
  if (!existing) {
    if (existsSync(files.output)) {
      throw new InvalidOptionError({
        option: 'resume',
        message: `runBatch: ${files.output} has no batch record (${files.record}); it was not written by runBatch, so it cannot be resumed.`,
      });
    }
    return openRecord({ ...options, resume: false }, files, inputHash, total);
  }
  if (existing.inputHash !== inputHash) {
    throw new InvalidOptionError({
      option: 'resume',
      message: `runBatch: the checkpoint at ${files.record} belongs to a different input (its hash differs); resume with the same items, or write to another output path.`,
    });
  }
  return { ...existing, status: 'running', finishedAt: null };
}

/**
 * Runs `agent` over every item with at most `concurrency` at once. Each result is appended to the
 * output JSONL as it finishes (never all held in memory); a failing item is a `failed` line, the
 * batch goes on. Resumable: finished items are skipped, and an item cut off by a crash replays its
 * journaled model answers and tool outcomes, so no tool runs twice. Resolves with the batch status.
 * @example
 * const status = await runBatch(agent, [{ custom_id: 'req-1', input: '1+1은?' }], { outputPath: 'results.jsonl' });
 */
export async function runBatch(
  agent: Agent,
  items: readonly BatchItem[],
  options: RunBatchOptions,
): Promise<BatchStatus> {
  if (!options?.outputPath) {
    throw new InvalidOptionError({
      option: 'outputPath',
      message: 'runBatch: outputPath is required, e.g. { outputPath: "results.jsonl" }.',
    });
  }
  const concurrency = positiveInteger('concurrency', options.concurrency, 8);
  const inputHash = checkBatchItems(items);
  const files = batchFiles(options.outputPath);
  const stateDir = options.stateDir ?? DEFAULT_BATCH_STATE_DIR;
  const record = openRecord(options, files, inputHash, items.length);
  writeJsonAtomic(files.record, record);
  writeJsonAtomic(registryPath(stateDir, record.id), { id: record.id, record: files.record });

  const finished = readFinished(files.output);
  const finishedIds = new Set(finished.map((line) => line.custom_id));
  const counts = { completed: 0, failed: 0, running: 0 };
  let usage: Usage = emptyUsage();
  let cost: number | null = 0;
  for (const line of finished) {
    counts[line.status]++;
    usage = addUsage(usage, line.usage);
    cost = addCost(cost, line.cost);
  }
  const journal = new BatchJournal(files.journal);
  const output = openSync(files.output, 'a');
  const started = performance.now();
  let doneThisRun = 0;
  // Stopped by the caller's signal, or by `cancelBatch(id)` from any process (a marker file).
  const controller = new AbortController();
  const stopListening = onAbort(options.signal, () => controller.abort(options.signal?.reason));
  rmSync(files.cancel, { force: true });
  const checkCancelled = (): void => {
    if (!controller.signal.aborted && existsSync(files.cancel)) {
      controller.abort(new AbortError({ message: `Batch ${record.id} was cancelled.` }));
    }
  };
  // Checked as items start and finish, and every 200 ms for items that run long.
  const watcher = setInterval(checkCancelled, 200);
  watcher.unref();
  const signal = controller.signal;

  const progress = (): BatchProgress => {
    const done = counts.completed + counts.failed;
    const elapsed = performance.now() - started;
    return {
      total: items.length,
      done,
      ...counts,
      usage,
      cost,
      etaMs: doneThisRun > 0 ? Math.round((elapsed / doneThisRun) * (items.length - done)) : undefined,
    };
  };

  function write(line: BatchResultLine): void {
    // One write per line, appended: a crash leaves whole lines and at most one cut-off last line.
    writeSync(output, `${JSON.stringify(line)}\n`);
    counts[line.status]++;
    usage = addUsage(usage, line.usage);
    cost = addCost(cost, line.cost);
    doneThisRun++;
    options.onProgress?.(progress());
  }

  /** The item's result line, or undefined when the batch's signal stopped it (it runs again on resume). */
  async function resultOf(item: BatchItem): Promise<BatchResultLine | undefined> {
    try {
      const runOptions = {
        middleware: [journal.middlewareFor(item.custom_id)],
        ...(signal ? { signal } : {}),
      };
      const result = await agent.run(item.input, runOptions);
      return {
        custom_id: item.custom_id,
        status: 'completed',
        text: result.text,
        stopReason: result.stopReason,
        usage: result.usage,
        cost: result.cost,
      };
    } catch (error) {
      if (signal?.aborted || AbortError.isInstance(error)) return undefined;
      return {
        custom_id: item.custom_id,
        status: 'failed',
        error: {
          code: ToolloopError.isInstance(error) ? error.code : 'error',
          message: error instanceof Error ? error.message : String(error),
        },
        usage: emptyUsage(),
        cost: null,
      };
    }
  }

  async function runItem(item: BatchItem): Promise<void> {
    checkCancelled();
    if (signal.aborted) return;
    counts.running++;
    let line: BatchResultLine | undefined;
    try {
      line = await resultOf(item);
    } finally {
      counts.running--;
    }
    if (line) write(line);
    checkCancelled();
  }

  let state: BatchState = 'completed';
  try {
    const limit = pLimit(concurrency);
    await Promise.all(
      items.filter((item) => !finishedIds.has(item.custom_id)).map((item) => limit(() => runItem(item))),
    );
    if (signal?.aborted) state = 'cancelled';
  } catch (error) {
    state = 'failed';
    throw error;
  } finally {
    clearInterval(watcher);
    stopListening();
    rmSync(files.cancel, { force: true });
    closeSync(output);
    writeJsonAtomic(files.record, {
      ...record,
      status: state,
      finishedAt: state === 'cancelled' ? null : new Date().toISOString(),
    });
  }
  return {
    id: record.id,
    mode: 'local',
    status: state,
    round: 1,
    counts: { total: items.length, completed: counts.completed, failed: counts.failed, running: 0 },
    usage,
    cost,
    createdAt: record.createdAt,
    finishedAt: state === 'cancelled' ? null : new Date().toISOString(),
    outputPath: files.output,
  };
}
