import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, openSync, rmSync } from 'node:fs';
import {
  AbortError,
  type Agent,
  InvalidOptionError,
  type Middleware,
  type ProviderBatchApi,
  type RunOptions,
  type RunResult,
  StoreUnavailableError,
  ToolloopError,
  type Usage,
} from '@toolloop/core';
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
import { BatchItemError } from './batch-item-error.js';
import { BatchJournal } from './batch-journal.js';
import { acquireBatchLock } from './batch-lock.js';
import type { BatchItem, BatchProgress, BatchResultLine, BatchState, BatchStatus } from './batch-types.js';
import { checkBatchItems } from './check-batch-items.js';
import { encodeLine } from './line-json.js';
import { LineWriter } from './line-writer.js';
import type { PollOptions } from './provider/poll-provider-batch.js';
import { RoundEngine } from './provider/round-engine.js';
import { roundModel } from './provider/round-model.js';

/** Options of runBatch. */
export interface RunBatchOptions {
  /** The results JSONL, one line per item as it finishes. Refused when it exists, unless `resume`. */
  outputPath: string;
  /** Items run at once (default 8); in provider mode, tool calls run at once across items. */
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
  /**
   * Provider mode: the model calls go through this provider's Batch API (e.g.
   * `openaiBatchApi('gpt-4o-mini')` from `@toolloop/openai`) in rounds, at its batch price, and
   * tools run here between rounds. Without it, local mode: each item is a plain `agent.run`.
   */
  provider?: ProviderBatchApi;
  /** Provider mode: how provider batches are polled (default from 1 s, doubling, capped at 60 s, jittered). */
  poll?: PollOptions;
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

/** Poll intervals must be positive (0 would poll the provider back to back), the cap at least the start. */
function checkPoll(poll: PollOptions | undefined): void {
  for (const name of ['initialMs', 'maxMs'] as const) {
    const value = poll?.[name];
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
      throw new InvalidOptionError({
        option: `poll.${name}`,
        message: `runBatch: poll.${name} must be a number of milliseconds > 0, got ${String(value)}.`,
      });
    }
  }
  if (poll?.initialMs !== undefined && poll.maxMs !== undefined && poll.maxMs < poll.initialMs) {
    throw new InvalidOptionError({
      option: 'poll.maxMs',
      message: `runBatch: poll.maxMs (${poll.maxMs}) is below poll.initialMs (${poll.initialMs}); the cap must be at least the first wait.`,
    });
  }
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
      id: options.id ?? `batch_${options.provider ? 'provider' : 'local'}_${randomUUID()}`,
      mode: options.provider ? 'provider' : 'local',
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
  const mode = options.provider ? 'provider' : 'local';
  if (existing.mode !== mode) {
    throw new InvalidOptionError({
      option: 'resume',
      message: `runBatch: batch ${existing.id} ran in ${existing.mode} mode; resume it in the same mode (${existing.mode === 'provider' ? 'pass the same provider (CLI: --provider)' : 'without a provider (CLI: no --provider)'}).`,
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
  checkPoll(options.poll);
  const inputHash = checkBatchItems(items);
  const files = batchFiles(options.outputPath);
  const stateDir = options.stateDir ?? DEFAULT_BATCH_STATE_DIR;
  const record = openRecord(options, files, inputHash, items.length);
  // One process at a time: a second one (a resume while it still runs) is refused.
  const releaseLock = acquireBatchLock(files.lock, record.id);
  try {
    return await runLocked(agent, items, options, { files, record, stateDir, concurrency });
  } finally {
    releaseLock();
  }
}

/** What runBatch settled before it took the batch's lock. */
interface LockedBatch {
  files: ReturnType<typeof batchFiles>;
  record: BatchRecord;
  stateDir: string;
  concurrency: number;
}

/** runBatch, once the batch is this process's: runs the items, streams their lines, writes the record. */
async function runLocked(
  agent: Agent,
  items: readonly BatchItem[],
  options: RunBatchOptions,
  { files, record, stateDir, concurrency }: LockedBatch,
): Promise<BatchStatus> {
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
  // Stopped by the caller's signal, by `cancelBatch(id)` from any process (a marker file), or by `fatal`.
  const controller = new AbortController();
  // What stopped the whole batch, thrown by runBatch: a failure of the provider's Batch API itself
  // (404, 401; every provider-mode item's model calls wait for its rounds), or a file it cannot write.
  let fatal: { error: unknown } | undefined;
  const stop = (error: unknown): void => {
    fatal ??= { error };
    controller.abort(error);
  };
  // A file that cannot be written (a full disk) stops the whole batch, resumable: an item whose step
  // could not be journaled, or whose line could not be written, is neither failed nor lost.
  const stopUnwritable = (path: string, what: string, error: unknown): void => {
    const unwritable = new StoreUnavailableError({
      store: `runBatch(${path})`,
      reason: 'unreachable',
      message: `runBatch: could not write ${what} to ${path} (${error instanceof Error ? error.message : String(error)}); the batch stopped. Free space (or raise the file size limit) and run it again with resume: true (CLI: --resume): finished items are kept, the rest run.`,
      cause: error,
    });
    stop(unwritable);
  };
  const journal = new BatchJournal(files.journal, (error) =>
    stopUnwritable(files.journal, 'its journal', error),
  );
  const output = openSync(files.output, 'a');
  const started = performance.now();
  let doneThisRun = 0;
  const stopListening = onAbort(options.signal, () => controller.abort(options.signal?.reason));
  rmSync(files.cancel, { force: true });
  let cancelled = false;
  const checkCancelled = (): void => {
    if (!controller.signal.aborted && existsSync(files.cancel)) {
      cancelled = true;
      controller.abort(new AbortError({ message: `Batch ${record.id} was cancelled.` }));
    }
  };
  // Checked every 50 ms (a stat), and when an item fails (a cancelled provider batch fails its items).
  const watcher = setInterval(checkCancelled, 50);
  watcher.unref();
  const signal = controller.signal;
  // Runs get signals aborted from this one listener, never the batch's own: a signal's listeners are
  // walked on every addEventListener (the provider's HTTP client adds one per request), so runs
  // sharing one would pay for each other. Local mode: one per worker, reused for its items in turn;
  // provider mode (every item at once): one per item.
  const runningItems = new Set<AbortController>();
  const stopItems = onAbort(signal, () => {
    for (const item of runningItems) item.abort(signal.reason);
  });
  const engine = options.provider
    ? new RoundEngine({
        api: options.provider,
        checkpointPath: files.provider,
        batchId: record.id,
        signal,
        ...(options.poll ? { poll: options.poll } : {}),
        onFatal: stop,
      })
    : undefined;
  // An agent without tools has nothing to replay (a final answer is followed at once by its line).
  const journalOnly = agent.tools.length > 0 ? [journal.middleware] : [];
  const toolLimit = pLimit(concurrency);
  const limitTools: Middleware = {
    name: 'batch-tool-limit',
    tool: (call, next) => toolLimit(() => next(call)),
  };
  const journalAndLimit = [journal.middleware, limitTools];
  const itemMiddleware = engine ? journalAndLimit : journalOnly;

  const progress = (): BatchProgress => {
    const done = counts.completed + counts.failed;
    const elapsed = performance.now() - started;
    return {
      id: record.id,
      total: items.length,
      done,
      ...counts,
      usage,
      cost,
      etaMs: doneThisRun > 0 ? Math.round((elapsed / doneThisRun) * (items.length - done)) : undefined,
    };
  };

  // Result lines are encoded at the end of each turn of the event loop and written by 48 KiB or
  // 20 ms, not one syscall per line (a write costs more than a small item's own work). A crash
  // leaves whole lines and at most one cut-off last line, which a resume rewrites; the items whose
  // lines were still waiting are asked again (their tool calls are journaled, so no tool runs twice).
  // A failed write (a full disk) stops the batch, and runBatch throws it: the lines not written run
  // again on resume.
  const lines = new LineWriter(
    output,
    (line: BatchResultLine) => JSON.stringify(line),
    {
      onError: (error) => stopUnwritable(files.output, 'results', error),
    },
    encodeLine,
  );

  function write(line: BatchResultLine): void {
    lines.add(line);
    journal.forget(line.custom_id);
    counts[line.status]++;
    usage = addUsage(usage, line.usage);
    cost = addCost(cost, line.cost);
    doneThisRun++;
    options.onProgress?.(progress());
  }

  /** The line of an item whose run threw, or undefined when the batch's signal stopped it (it runs again on resume). */
  function failedLine(item: BatchItem, error: unknown): BatchResultLine | undefined {
    // A provider batch cancelled by cancelBatch() (the marker is written first) stops the item unwritten.
    checkCancelled();
    if (signal.aborted) return undefined;
    return {
      custom_id: item.custom_id,
      status: 'failed',
      error: {
        code: ToolloopError.isInstance(error) ? error.code : 'error',
        message: error instanceof Error ? error.message : String(error),
        ...(BatchItemError.isInstance(error) ? { reason: error.reason } : {}),
      },
      usage: emptyUsage(),
      cost: null,
    };
  }

  /** What runBatch gives each item's run. */
  function runOptionsFor(item: BatchItem, itemSignal: AbortSignal): RunOptions {
    const runOptions: RunOptions = {
      signal: itemSignal,
      // Every model and tool call of the item is logged with these (logging(), the usage store).
      batchItem: { batchId: record.id, customId: item.custom_id },
    };
    if (itemMiddleware.length > 0) runOptions.middleware = itemMiddleware;
    if (engine && options.provider) {
      runOptions.model = roundModel(engine, item.custom_id, agent.model, options.provider.modelId);
    }
    return runOptions;
  }

  const completedLine = (item: BatchItem, result: RunResult<unknown>): BatchResultLine => ({
    custom_id: item.custom_id,
    status: 'completed',
    text: result.text,
    stopReason: result.stopReason,
    usage: result.usage,
    cost: result.cost,
  });

  /** Provider mode: runs one item (its model calls wait for the rounds) and writes its line. */
  async function runItem(item: BatchItem): Promise<void> {
    if (signal.aborted) {
      engine?.end();
      return;
    }
    counts.running++;
    const itemController = new AbortController();
    runningItems.add(itemController);
    let line: BatchResultLine | undefined;
    try {
      line = completedLine(item, await agent.run(item.input, runOptionsFor(item, itemController.signal)));
    } catch (error) {
      line = failedLine(item, error);
    } finally {
      counts.running--;
      runningItems.delete(itemController);
      engine?.end();
    }
    if (line) write(line);
  }

  /**
   * Awaits every task. One that throws (an `onProgress` that throws, say) stops the batch: the others
   * are aborted and awaited too, so nothing still runs, or writes, once runBatch has returned.
   */
  async function allOrStop(tasks: Promise<void>[]): Promise<void> {
    await Promise.all(tasks.map((task) => task.catch(stop)));
  }

  let state: BatchState = 'completed';
  try {
    const left = finishedIds.size > 0 ? items.filter((item) => !finishedIds.has(item.custom_id)) : items;
    if (engine) {
      // Every item is live before any can wait, so the first round holds them all.
      for (const _ of left) engine.begin();
      await allOrStop(left.map((item) => runItem(item)));
      if (cancelled) await engine.cancelInFlight();
    } else {
      // `concurrency` workers take the next item in turn: no promise per waiting item, so a batch of
      // 100,000 holds only the ones running.
      let next = 0;
      const worker = async (): Promise<void> => {
        const own = new AbortController();
        runningItems.add(own);
        // Held for the worker's life, so the signal's one 'abort' listener stays (see onAbort) and each
        // run's listeners are list entries, not an EventTarget add and remove per model call.
        const holdListener = onAbort(own.signal, noop);
        try {
          while (next < left.length && !signal.aborted) {
            const item = left[next++] as BatchItem;
            counts.running++;
            let line: BatchResultLine | undefined;
            try {
              line = completedLine(item, await agent.run(item.input, runOptionsFor(item, own.signal)));
            } catch (error) {
              line = failedLine(item, error);
            } finally {
              counts.running--;
            }
            if (line) write(line);
          }
        } finally {
          holdListener();
        }
      };
      await allOrStop(Array.from({ length: Math.min(concurrency, left.length) }, worker));
    }
    if (fatal) throw fatal.error;
    if (signal.aborted) state = 'cancelled';
  } catch (error) {
    state = 'failed';
    throw error;
  } finally {
    clearInterval(watcher);
    stopListening();
    rmSync(files.cancel, { force: true });
    stopItems();
    // Every line is in the file before the batch counts as finished (or stopped). Past this point a
    // `fatal` is a write that failed after the last item (one before it is already being thrown).
    const thrown = state === 'failed';
    try {
      lines.flush();
    } catch (error) {
      stopUnwritable(files.output, 'results', error);
    }
    if (fatal) state = 'failed';
    closeSync(output);
    journal.close();
    // A finished batch replays nothing: its journal goes.
    if (state === 'completed') rmSync(files.journal, { force: true });
    try {
      writeJsonAtomic(files.record, {
        ...record,
        status: state,
        finishedAt: state === 'cancelled' ? null : new Date().toISOString(),
      });
    } catch (error) {
      // The record still says `running`: getBatch shows that, and a resume works the same.
      stopUnwritable(files.record, 'its record', error);
    }
    // biome-ignore lint/correctness/noUnsafeFinally: the try ended without an error of its own
    if (fatal && !thrown) throw fatal.error;
  }
  return {
    id: record.id,
    mode: record.mode,
    status: state,
    round: engine?.round ?? 1,
    counts: { total: items.length, completed: counts.completed, failed: counts.failed, running: 0 },
    usage,
    cost,
    createdAt: record.createdAt,
    finishedAt: state === 'cancelled' ? null : new Date().toISOString(),
    outputPath: files.output,
  };
}

function noop(): void {}
