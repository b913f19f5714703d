import { InvalidOptionError } from '@toolloop/core';
import type { BatchClock } from './batch-types.js';

/** A clock that moves only when told to. */
export class ManualClock implements BatchClock {
  constructor(private time: number) {}

  now(): number {
    return this.time;
  }

  advance(ms: number): void {
    if (!(ms >= 0))
      throw new InvalidOptionError({
        option: 'ms',
        message: `advance(ms): ms must be a number ≥ 0, got ${String(ms)}.`,
      });
    this.time += ms;
  }
}

/** The batch clock an option names, and the manual clock behind it when there is one. */
export function resolveBatchClock(option: 'real' | 'manual' | BatchClock | undefined): {
  clock: BatchClock;
  manual: ManualClock | undefined;
} {
  if (option === 'manual') {
    const manual = new ManualClock(Date.now());
    return { clock: manual, manual };
  }
  if (option === undefined || option === 'real')
    return { clock: { now: () => Date.now() }, manual: undefined };
  return { clock: option, manual: option instanceof ManualClock ? option : undefined };
}
