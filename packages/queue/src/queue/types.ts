import type { RunInput, StopReason, Usage } from '@toolloop/core';

/** One unit of work: the same item format as `@toolloop/batch` (`custom_id` is unique in a batch). */
export interface QueueItem {
  custom_id: string;
  /** A prompt, or a conversation to continue. */
  input: RunInput;
}

/** The outcome of one item, written once per `custom_id`: the run's answer or why it failed. */
export interface QueueResult {
  custom_id: string;
  /** Set when the run finished (whatever its stop reason). */
  response?: {
    text: string;
    stopReason: StopReason;
    steps: number;
    usage: Usage;
    cost: number | null;
  };
  /** Set when the run threw (an API error past the retry middleware, a bad input…). */
  error?: { code: string; message: string };
}

/** What a job reports while it runs (BullMQ job progress). */
export interface JobProgress {
  step: number;
  /** Tokens of the model calls so far (input + output). */
  tokens: number;
  /** USD so far; `null` when the model has no known price. */
  cost: number | null;
}

/** The data of a BullMQ job made by `enqueue` (internal, but stable within a release). */
export interface JobData {
  batchId: string;
  custom_id: string;
  input: RunInput;
}
