import type { Model } from '../model/model.js';

/**
 * The mark of a model whose `generate()` rejects as soon as its call's signal fires (its own HTTP
 * client listens to it, as `openai()`'s does). The loop races every other model's call against the
 * run's signal, so a model that ignores the signal cannot outlive an abort; a marked model called
 * with no middleware in between needs no race (a promise and a listener per call saved).
 */
export const settlesOnAbort: unique symbol = Symbol.for('toolloop.settlesOnAbort');

/** True when `model` carries the {@link settlesOnAbort} mark. */
export function isSettledOnAbort(model: Model): boolean {
  return (model as { [settlesOnAbort]?: unknown })[settlesOnAbort] === true;
}
