import type { RunInput } from '@toolloop/core';

/** One request of a batch: the id its result is joined by, and what `agent.run()` takes. */
export interface BatchItem {
  custom_id: string;
  input: RunInput;
}
