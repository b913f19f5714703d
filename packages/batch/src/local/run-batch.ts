import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { AbortError, type Agent, ToolloopError } from '@toolloop/core';
import pLimit from 'p-limit';
import { BatchInputError } from '../batch-error.js';
import type { BatchItem } from '../input/batch-item.js';
import { checkItems } from '../input/check-items.js';
import type { BatchInfo } from '../state/batch-status.js';
import { DEFAULT_STATE_DIR, loadState, localBatchId, saveState } from '../state/state-store.js';
import { readFinishedLines } from './finished-ids.js';

/** What `onProgress` is told after every item and once at the start. */
export interface BatchProgress {
  id: string;
  total: number;
  /** Finished well, this run and earlier ones. */
  done: number;
  failed: number;
  running: number;
  inputTokens: number;
  outputTokens: number;
  /** USD; `null` once an item's model has no known price. */
  cost: number | null;
  /** Estimated ms to go, from this run's pace; `undefined` before the first item finishes. */
  etaMs: number | undefined;
}

/** Options of {@link runBatch}. */
export interface RunBatchOptions {
  /** The results JSONL, one line per item as it finishes. Refused when it exists, unless `resume`. */
  outputPath: string;
  /** Items run at once. Default 8. */
  concurrency?: number;
  /** Continue a batch with the same output: every custom_id already in the output is skipped. */
  resume?: boolean;
  /** Where the checkpoint is kept (for `getBatch`). Default `.toolloop/batches`. */
  stateDir?: string;
  onProgress?: (progress: BatchProgress) => void;
  /** Stops the batch: running items are aborted and not written; the batch can be resumed. */
  signal?: AbortSignal;
  /** Milliseconds clock (tests). Default `Date.now`. */
  now?: () => number;
}

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

function errorRecord(error: unknown): { code: string; message: string } {
  if (ToolloopError.isInstance(error)) return { code: error.code, message: error.message };
  return { code: 'error', message: error instanceof Error ? error.message : String(error) };
}

/**
 * Runs every item through `agent.run()` at most `concurrency` at a time. A failing item becomes a
 * `"status": "failed"` line and the others go on; results are appended to `outputPath` as they
 * finish (one whole line per write, never all in memory); the output doubles as the checkpoint,
 * so `resume: true` skips every custom_id already written. Resolves with the batch's final info.
 *
 * @example
 * const info = await runBatch(agent, [{ custom_id: 'req-1', input: '1+1은?' }], { outputPath: 'out.jsonl' });
 */
export async function runBatch(
  agent: Agent,
  items: readonly BatchItem[],
  options: RunBatchOptions,
): Promise<BatchInfo> {
  const {
    outputPath,
    concurrency = 8,
    resume = false,
    stateDir = DEFAULT_STATE_DIR,
    onProgress,
    signal,
  } = options;
  const now = options.now ?? Date.now;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new BatchInputError(
      `concurrency must be a whole number of at least 1, got ${concurrency}. Use e.g. 8.`,
    );
  }
  const inputHash = checkItems(items, (i) => `item ${i + 1}`);
  const id = localBatchId(outputPath);
  const outputExists = await exists(outputPath);
  if (outputExists && !resume) {
    throw new BatchInputError(
      `The output ${outputPath} already exists; refusing to overwrite results. Pass resume: true (CLI: --resume) to continue that batch, or choose another output path.`,
    );
  }
  const previous = resume ? await loadState(stateDir, id) : undefined;
  if (previous && previous.inputHash !== inputHash) {
    throw new BatchInputError(
      `The checkpoint of ${outputPath} (batch ${id}) was made from a different input (hash ${previous.inputHash.slice(0, 12)}…, this input ${inputHash.slice(0, 12)}…). Resume with the original input, or write to a new output path.`,
    );
  }
  const finished = outputExists
    ? await readFinishedLines(outputPath)
    : {
        ids: new Set<string>(),
        completed: 0,
        failed: 0,
        inputTokens: 0,
        outputTokens: 0,
        cost: 0 as number | null,
      };

  const info: BatchInfo = {
    id,
    mode: 'local',
    status: 'running',
    round: 1,
    counts: { total: items.length, completed: finished.completed, failed: finished.failed, running: 0 },
    usage: {
      inputTokens: finished.inputTokens,
      outputTokens: finished.outputTokens,
      totalTokens: finished.inputTokens + finished.outputTokens,
    },
    cost: finished.cost,
    createdAt: previous?.createdAt ?? now(),
    finishedAt: undefined,
    outputPath,
    inputHash,
  };
  await saveState(stateDir, info);

  const pending = items.filter((item) => !finished.ids.has(item.custom_id));
  const startedAt = now();
  let finishedHere = 0;
  const progress = (): void => {
    if (!onProgress) return;
    const remaining = pending.length - finishedHere;
    onProgress({
      id,
      total: items.length,
      done: info.counts.completed,
      failed: info.counts.failed,
      running: info.counts.running,
      inputTokens: info.usage.inputTokens,
      outputTokens: info.usage.outputTokens,
      cost: info.cost,
      etaMs: finishedHere === 0 ? undefined : Math.round(((now() - startedAt) / finishedHere) * remaining),
    });
  };

  // The output is the checkpoint of finished items; the state file (for getBatch) is refreshed at most
  // once a second, one write at a time, so a fast batch does not spend its time rewriting it.
  let saving: Promise<void> = Promise.resolve();
  let savedAt = now();
  const checkpoint = (): void => {
    if (now() - savedAt < 1000) return;
    savedAt = now();
    saving = saving.then(() => saveState(stateDir, info)).catch(() => {});
  };

  const out = createWriteStream(outputPath, { flags: 'a' });
  let writeError: unknown;
  out.on('error', (error) => {
    writeError = error;
  });
  // One shared wait for the stream to drain: items blocked by backpressure wait on the same promise.
  let drained: Promise<void> | undefined;
  const writeLine = async (line: string): Promise<void> => {
    if (!out.write(`${line}\n`) && !drained) {
      drained = once(out, 'drain').then(() => {
        drained = undefined;
      });
    }
    if (drained) await drained;
  };
  const stopped = (): boolean => signal?.aborted === true;
  const limit = pLimit(concurrency);
  progress();

  const runOne = async (item: BatchItem): Promise<void> => {
    if (stopped()) return;
    info.counts.running += 1;
    progress();
    let line: string;
    try {
      // A signal of its own per item, following the batch's: runs do not pile listeners on one signal.
      const result = await agent.run(item.input, signal ? { signal: AbortSignal.any([signal]) } : {});
      info.counts.completed += 1;
      info.usage.inputTokens += result.usage.inputTokens;
      info.usage.outputTokens += result.usage.outputTokens;
      info.usage.totalTokens += result.usage.inputTokens + result.usage.outputTokens;
      info.cost = info.cost === null || result.cost === null ? null : info.cost + result.cost;
      line = JSON.stringify({
        custom_id: item.custom_id,
        status: 'completed',
        text: result.text,
        stopReason: result.stopReason,
        usage: result.usage,
        cost: result.cost,
        steps: result.steps.length,
        toolCalls: result.toolCalls.map((call) => ({ toolName: call.toolName, isError: call.isError })),
      });
    } catch (error) {
      // An item stopped by the batch's signal is not finished: a resume runs it again.
      if (stopped()) {
        info.counts.running -= 1;
        return;
      }
      info.counts.failed += 1;
      line = JSON.stringify({ custom_id: item.custom_id, status: 'failed', error: errorRecord(error) });
    }
    info.counts.running -= 1;
    finishedHere += 1;
    await writeLine(line);
    checkpoint();
    progress();
  };

  try {
    await Promise.all(pending.map((item) => limit(() => runOne(item))));
  } finally {
    limit.clearQueue();
    out.end();
    await once(out, 'close').catch(() => {});
    await saving;
  }
  if (writeError) throw writeError;
  const wasStopped = stopped();
  info.status = wasStopped ? 'cancelled' : 'completed';
  info.finishedAt = wasStopped ? undefined : now();
  await saveState(stateDir, info);
  if (wasStopped)
    throw new AbortError(`Batch ${id} was stopped; run it again with resume: true to finish it.`, {
      cause: signal?.reason,
    });
  return info;
}
