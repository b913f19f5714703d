import type { StreamPart } from '../model/model.js';
import { finalAnswerToolName, type OutputPlan } from './output-plan.js';
import type { OutputSpec } from './output-spec.js';
import { parsePartialJson } from './parse-partial-json.js';

/**
 * Follows one streamed step and reads the typed answer as far as it has arrived: the text (JSON
 * strategies) or the final-answer call's arguments (tool strategy). `add` returns a new partial
 * value when the answer grew into something parseable, else undefined.
 */
export class PartialOutputReader {
  #json = '';
  #answerIndex: number | undefined;
  #last = '';

  constructor(
    private readonly plan: OutputPlan,
    private readonly spec: OutputSpec | undefined,
  ) {}

  add(part: StreamPart): unknown {
    if (this.plan.strategy === 'tool') {
      if (part.type !== 'tool-call-delta') return undefined;
      if (part.toolName === finalAnswerToolName) this.#answerIndex = part.index;
      if (part.index !== this.#answerIndex) return undefined;
      this.#json += part.argumentsDelta;
    } else {
      if (part.type !== 'text-delta') return undefined;
      this.#json += part.delta;
    }
    const value = parsePartialJson(this.#json);
    if (value === undefined) return undefined;
    // Re-emit only when the value changed (a delta inside a key or a number may change nothing).
    const text = JSON.stringify(value);
    if (text === this.#last) return undefined;
    this.#last = text;
    const wrappedIn = this.spec?.wrappedIn;
    if (wrappedIn !== undefined) {
      return typeof value === 'object' && value !== null
        ? (value as Record<string, unknown>)[wrappedIn]
        : undefined;
    }
    return value;
  }
}
