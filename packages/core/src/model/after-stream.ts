import type { StreamPart, Usage } from './model.js';

/**
 * Passes a model stream through unchanged and calls `done(usage, failure)` once it has ended —
 * finished (usage from its `finish` part), failed (the error) or abandoned by its consumer — so a
 * middleware can settle what it reserved (a rate limit's tokens) with what was really used.
 */
export async function* afterStream(
  parts: AsyncIterable<StreamPart>,
  done: (usage: Usage | undefined, failure: unknown) => void | Promise<void>,
): AsyncGenerator<StreamPart> {
  let usage: Usage | undefined;
  let failure: unknown;
  try {
    for await (const part of parts) {
      if (part.type === 'finish') usage = part.usage;
      yield part;
    }
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    await done(usage, failure);
  }
}
