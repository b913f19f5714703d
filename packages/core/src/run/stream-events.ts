import { type LoopYield, ModelStepStream } from './model-step-stream.js';
import type { AgentEvent } from './types.js';

/**
 * The events of `agent.stream()` and `agent.resumeStream()`: the loop's own events, and the
 * deltas of each model call read here straight from its parts (see ModelStepStream), so a delta
 * passes one generator, not four. On failure it yields an `error` event, then throws the error.
 * An early exit closes the model's stream, then the loop (its `finally` blocks run).
 */
export async function* streamEvents(
  start: () => AsyncGenerator<LoopYield, unknown>,
): AsyncGenerator<AgentEvent<unknown>, void, undefined> {
  let loop: AsyncGenerator<LoopYield, unknown> | undefined;
  try {
    loop = start();
    let next = await loop.next();
    while (!next.done) {
      const value = next.value;
      if (!(value instanceof ModelStepStream)) {
        yield value;
        next = await loop.next();
        continue;
      }
      let failed = false;
      let failure: unknown;
      try {
        for await (const part of value.parts) {
          const event = value.add(part);
          if (event !== undefined) yield event;
          const partial = value.takePartial();
          if (partial !== undefined) yield partial;
        }
      } catch (error) {
        failed = true;
        failure = error;
      }
      // The loop goes on from the step's call (or fails there, through its own error handling).
      next = failed ? await loop.throw(failure) : await loop.next();
    }
  } catch (error) {
    yield { type: 'error', error };
    throw error;
  } finally {
    // A consumer's break: the loop's generators run their `finally` blocks (a no-op once done).
    await loop?.return(undefined);
  }
}
