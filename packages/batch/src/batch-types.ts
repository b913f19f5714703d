import type { RunInput, StopReason, Usage } from '@toolloop/core';

/** One request of a batch: an id of your choosing and what `agent.run()` takes. */
export interface BatchItem {
  /** Unique within the batch; results are joined on it, never on position. */
  custom_id: string;
  /** A prompt string or a conversation. */
  input: RunInput;
}

/** One line of a batch's output JSONL, written as soon as its item finished. */
export type BatchResultLine =
  | {
      custom_id: string;
      status: 'completed';
      text: string;
      stopReason: StopReason;
      usage: Usage;
      /** USD; null when a model has no known price. */
      cost: number | null;
    }
  | {
      custom_id: string;
      status: 'failed';
      /** Why the item failed; the batch went on. */
      error: { code: string; message: string };
      usage: Usage;
      cost: number | null;
    };

/** Where a batch stands. */
export type BatchState = 'running' | 'completed' | 'cancelled' | 'failed';

/** A batch's status by id, the same shape for every mode. */
export interface BatchStatus {
  id: string;
  mode: 'local';
  status: BatchState;
  /** Local batches run in one round; provider batches count their rounds. */
  round: number;
  counts: { total: number; completed: number; failed: number; running: number };
  usage: Usage;
  /** USD; null once any item's cost is unknown. */
  cost: number | null;
  createdAt: string;
  finishedAt: string | null;
  outputPath: string;
}

/** What `onProgress` receives after every finished item. */
export interface BatchProgress {
  total: number;
  /** Completed plus failed, this run and earlier ones (a resumed batch starts where it stopped). */
  done: number;
  completed: number;
  failed: number;
  running: number;
  usage: Usage;
  cost: number | null;
  /** Milliseconds to go at this run's pace; undefined until an item finished. */
  etaMs: number | undefined;
}
