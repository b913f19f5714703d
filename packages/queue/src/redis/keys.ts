/** Redis key names of one queue; every key of the queue starts with `toolloop:queue:<name>:`. */
export interface QueueKeys {
  /** Hash: custom_id → JSON QueueResult, written once per custom_id (HSETNX). */
  results(batchId: string): string;
  /** Sorted set: the custom_ids enqueued in a batch, scored by enqueue order. */
  items(batchId: string): string;
  /** Hash of one job's journal: `model:<step>`, `tool:<toolCallId>`, `started:<toolCallId>`. */
  journal(jobId: string): string;
  /** String set when a batch is cancelled; workers skip its jobs. */
  cancelled(batchId: string): string;
  /** Pub/sub channel: a batch id published here aborts that batch's running jobs in every worker. */
  cancelChannel: string;
}

/** The key names of queue `name`. */
export function queueKeys(name: string): QueueKeys {
  const prefix = `toolloop:queue:${name}:`;
  return {
    results: (batchId) => `${prefix}results:${batchId}`,
    items: (batchId) => `${prefix}items:${batchId}`,
    journal: (jobId) => `${prefix}journal:${jobId}`,
    cancelled: (batchId) => `${prefix}cancelled:${batchId}`,
    cancelChannel: `${prefix}cancel`,
  };
}

/** The BullMQ job id of an item: batch id and custom_id, encoded so BullMQ's `:` rule holds. */
export function jobIdOf(batchId: string, customId: string): string {
  return `${encodeURIComponent(batchId)}|${encodeURIComponent(customId)}`;
}
