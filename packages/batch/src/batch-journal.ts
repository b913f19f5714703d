import { closeSync, openSync, writeSync } from 'node:fs';
import {
  type Middleware,
  type ModelResponse,
  StoreUnavailableError,
  ToolExecutionError,
  type ToolOutcome,
} from '@toolloop/core';
import { readWholeLines } from './batch-files.js';

type JournalEntry =
  | { kind: 'model'; key: string; response: ModelResponse }
  | {
      kind: 'tool';
      key: string;
      outcome: { isError: false; output: unknown } | { isError: true; message: string };
    };

/**
 * What each unfinished item has already done — its model answers by step and its tool outcomes by
 * call id — appended as it happens. A batch resumed after a crash replays them instead of calling
 * the model again or running a tool twice: the item picks up exactly where it was cut off.
 */
export class BatchJournal {
  /** What a previous process journaled, by custom_id: replayed on resume, dropped once the item is done. */
  private readonly entries = new Map<string, Map<string, JournalEntry>>();
  private fd: number | undefined;

  /**
   * @param onError a journal line could not be written (a full disk): called before the error is
   *   thrown into the run, so the batch can stop first (a step it cannot record must not go on).
   */
  constructor(
    private readonly path: string,
    private readonly onError?: (error: unknown) => void,
  ) {
    for (const line of readWholeLines(path).split('\n')) {
      if (!line) continue;
      try {
        const entry = JSON.parse(line) as JournalEntry;
        const customId = entry.key.slice(0, entry.key.indexOf('\u0000'));
        const item = this.entries.get(customId) ?? new Map<string, JournalEntry>();
        item.set(entry.key, entry);
        this.entries.set(customId, item);
      } catch {
        // A line that is not JSON (a disk that lost a write): that step is simply done again.
      }
    }
  }

  /** The item finished and its result line is written: its journaled steps are not needed again. */
  forget(customId: string): void {
    this.entries.delete(customId);
  }

  /** Closes the journal file (the batch is over, or stopped). */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /**
   * The middleware that records (and on resume replays) each item's steps and tool calls. One for
   * the whole batch: the item is the run's `batchItem.customId` (runBatch sets it on every run).
   */
  readonly middleware: Middleware = {
    name: 'batch-journal',
    generate: async (request, next, context) => {
      const customId = context.batchItem?.customId ?? '';
      const item = this.entries.get(customId);
      if (item) {
        const done = item.get(modelKey(customId, context.step));
        if (done?.kind === 'model') return done.response;
      }
      const response = await next(request);
      // Only an answer the run goes on from is needed on resume: a final one is followed at once by
      // the item's result line (a crash in between costs that one model call again, never a tool).
      if (response.toolCalls.length > 0) {
        this.append({ kind: 'model', key: modelKey(customId, context.step), response });
      }
      return response;
    },
    tool: async (call, next, context) => {
      const customId = context.batchItem?.customId ?? '';
      // By step too: some servers number their call ids per step (`call_0` on every step).
      const key = `${customId}\u0000tool\u0000${context.step}\u0000${call.toolCallId}`;
      const done = this.entries.get(customId)?.get(key);
      if (done?.kind === 'tool') {
        if (!done.outcome.isError) return { isError: false, output: done.outcome.output };
        return {
          isError: true,
          error: new ToolExecutionError({
            toolName: call.toolName,
            toolCallId: call.toolCallId,
            message: done.outcome.message,
          }),
        };
      }
      const outcome: ToolOutcome = await next(call);
      this.append({
        kind: 'tool',
        key,
        outcome: outcome.isError
          ? { isError: true, message: outcome.error.message }
          : { isError: false, output: outcome.output },
      });
      return outcome;
    },
  };

  private append(entry: JournalEntry): void {
    let line: string;
    try {
      line = JSON.stringify(entry);
    } catch {
      return; // not JSON (a BigInt output): this step would be done again after a crash, nothing worse
    }
    // One synchronous write per line on a file kept open: a crash leaves whole lines (and at most
    // one cut-off last line). Entries of this process are not kept: a run never replays its own steps.
    try {
      this.fd ??= openSync(this.path, 'a');
      // Whole or failed: a short write (a disk filling up mid-line) is retried for the rest, and
      // fails with the next write's error, never as a step silently half-journaled.
      const bytes = Buffer.from(`${line}\n`);
      for (let at = 0; at < bytes.length; ) {
        const written = writeSync(this.fd, bytes, at);
        if (written === 0) {
          throw new StoreUnavailableError({
            store: `runBatch(${this.path})`,
            reason: 'unreachable',
            message: `${this.path}: a write took 0 of ${bytes.length - at} bytes.`,
          });
        }
        at += written;
      }
    } catch (error) {
      this.onError?.(error);
      throw error;
    }
  }
}

const modelKey = (customId: string, step: number): string => `${customId}\u0000model\u0000${step}`;
