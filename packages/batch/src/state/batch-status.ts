import type { Usage } from '@toolloop/core';

/** Where a batch is, for both modes. */
export type BatchStatus = 'running' | 'completed' | 'cancelled' | 'failed';

/** A batch by id — the same shape for local and provider mode (`getBatch`, `toolloop batch status`). */
export interface BatchInfo {
  id: string;
  mode: 'local' | 'provider';
  status: BatchStatus;
  round: number;
  counts: { total: number; completed: number; failed: number; running: number };
  usage: Usage;
  /** USD; `null` when an item's model has no known price. */
  cost: number | null;
  /** Epoch ms. */
  createdAt: number;
  finishedAt: number | undefined;
  outputPath: string;
  /** sha256 of the input items: a resume with another input is refused. */
  inputHash: string;
}
