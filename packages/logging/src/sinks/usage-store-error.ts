import { ToolloopError, type ToolloopErrorOptions } from '@toolloop/core';

/** Why a usage store could not be used. */
export type UsageStoreErrorReason = 'missing' | 'not-sqlite' | 'not-toolloop' | 'version';

/** Constructor options of UsageStoreError. */
export interface UsageStoreErrorOptions extends ToolloopErrorOptions {
  reason: UsageStoreErrorReason;
}

/**
 * A usage store file could not be read as one: it is missing, not SQLite, not a toolloop store, or
 * of a schema this version does not read (the message says whether `--migrate` or an upgrade helps).
 */
export class UsageStoreError extends ToolloopError {
  readonly reason: UsageStoreErrorReason;

  constructor(options: UsageStoreErrorOptions) {
    super({ code: 'usage-store', origin: 'user', message: options.message, cause: options.cause });
    this.reason = options.reason;
  }

  /** True for a UsageStoreError, even one from another copy of the package. */
  static override isInstance(error: unknown): error is UsageStoreError {
    return ToolloopError.isInstance(error) && error.code === 'usage-store';
  }
}
