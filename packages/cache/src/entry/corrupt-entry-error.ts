import { ToolloopError, type ToolloopErrorOptions } from '@toolloop/core';

/** A stored cache entry could not be read (bad JSON, another format version, truncated). Served as a miss. */
export class CorruptEntryError extends ToolloopError {
  readonly key: string;
  constructor(key: string, message: string, options: ToolloopErrorOptions = {}) {
    super('cache-corrupt', message, options);
    this.key = key;
  }
}
