import { ToolloopError, type ToolloopErrorOptions } from '@toolloop/core';

/** Constructor options of CorruptEntryError. */
export interface CorruptEntryErrorOptions extends ToolloopErrorOptions {
  /** The entry's key. */
  key: string;
}

/** A stored cache entry could not be read (bad JSON, another format version, truncated). Served as a miss. */
export class CorruptEntryError extends ToolloopError {
  readonly key: string;

  constructor(options: CorruptEntryErrorOptions) {
    super({ code: 'cache-corrupt', origin: 'environment', message: options.message, cause: options.cause });
    this.key = options.key;
  }

  /** True for a CorruptEntryError, even one from another copy of the package. */
  static override isInstance(error: unknown): error is CorruptEntryError {
    return ToolloopError.isInstance(error) && error.code === 'cache-corrupt';
  }
}
