import { ToolloopError } from '@toolloop/core';

/** Why a provider batch gave an item no answer. */
export type BatchItemErrorReason = 'expired' | 'cancelled' | 'batch-failed' | 'missing';

/** Options of {@link BatchItemError}. */
export interface BatchItemErrorOptions {
  reason: BatchItemErrorReason;
  /** The provider batch the request was in. */
  providerBatchId: string;
  customId: string;
  message: string;
  cause?: unknown;
}

/**
 * A request of a provider batch got no answer: the batch expired or was cancelled before it ran,
 * the provider refused the whole batch (`batch-failed`), or its output simply lacks the line.
 * The item is reported failed with this reason; the batch goes on.
 */
export class BatchItemError extends ToolloopError {
  readonly reason: BatchItemErrorReason;
  readonly providerBatchId: string;
  readonly customId: string;

  constructor(options: BatchItemErrorOptions) {
    super({ code: 'batch-item', origin: 'provider', message: options.message, cause: options.cause });
    this.reason = options.reason;
    this.providerBatchId = options.providerBatchId;
    this.customId = options.customId;
  }

  /** True for a BatchItemError, even from another copy of the package (by `code`). */
  static override isInstance(error: unknown): error is BatchItemError {
    return ToolloopError.isInstance(error) && error.code === 'batch-item';
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason, providerBatchId: this.providerBatchId };
  }
}
