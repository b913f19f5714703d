import { ToolloopError } from '@toolloop/core';

/** Options of SinkOverflowError. */
export interface SinkOverflowErrorOptions {
  /** The sink that dropped records, e.g. `jsonlSink(logs/calls.jsonl)`. */
  sink: string;
  /** Its bound on records waiting to be written. */
  maxPending: number;
}

/**
 * A sink could not keep up and dropped records instead of growing without bound. Raised once per
 * overflow (until the backlog drains); `stats().dropped` counts every dropped record.
 */
export class SinkOverflowError extends ToolloopError {
  readonly sink: string;
  readonly maxPending: number;
  constructor({ sink, maxPending }: SinkOverflowErrorOptions) {
    super({
      code: 'sink-overflow',
      origin: 'environment',
      message:
        `${sink} is dropping records: ${maxPending} are already waiting to be written and the destination can't keep up. ` +
        'Raise its `maxPending` option, write to a faster destination, or log fewer records (level: "error"); ' +
        'stats().dropped counts what was lost.',
    });
    this.sink = sink;
    this.maxPending = maxPending;
  }

  /** True for a SinkOverflowError, even one from another copy of the package. */
  static override isInstance(error: unknown): error is SinkOverflowError {
    return ToolloopError.isInstance(error) && error.code === 'sink-overflow';
  }
}
