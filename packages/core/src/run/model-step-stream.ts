import { ResponseCollector } from '../model/collect-stream.js';
import type { StreamPart } from '../model/model.js';
import type { PartialOutputReader } from '../output/partial-output-reader.js';
import type { AgentEvent } from './types.js';

/**
 * One streamed step's model parts, handed by the run loop to the outermost iterator of
 * `agent.stream()`, which reads them itself: a part then costs one resumption of that iterator
 * instead of one per generator layer (stream wrapper, run loop, step, abort race). The reader
 * folds each part in with `add`, yields the events it returns, and resumes the loop once the parts
 * end (or throws their error into it). Internal to the run loop.
 */
export class ModelStepStream {
  readonly collector = new ResponseCollector();
  /** The partial typed answer the last `add` produced, to yield after its event; else undefined. */
  partial: unknown;

  constructor(
    /** The model's parts, already raced against the run's signal. */
    readonly parts: AsyncIterable<StreamPart>,
    readonly step: number,
    private readonly partials: PartialOutputReader | undefined,
  ) {}

  /** Folds in one part; returns the event it becomes (a text or tool-call delta), if any. */
  add(part: StreamPart): AgentEvent<unknown> | undefined {
    this.collector.add(part);
    if (this.partials) this.partial = this.partials.add(part);
    if (part.type === 'text-delta') return { type: 'text-delta', step: this.step, delta: part.delta };
    if (part.type === 'tool-call-delta') {
      return {
        type: 'tool-call-delta',
        step: this.step,
        index: part.index,
        toolCallId: part.toolCallId,
        toolName: part.toolName,
        argumentsDelta: part.argumentsDelta,
      };
    }
    return undefined;
  }

  /** The partial-output event due after the last part, if any (then cleared). */
  takePartial(): AgentEvent<unknown> | undefined {
    const partial = this.partial;
    if (partial === undefined) return undefined;
    this.partial = undefined;
    return { type: 'partial-output', step: this.step, partial, validated: false };
  }
}

/** What the run loop yields: events, and in stream mode one ModelStepStream per model call. */
export type LoopYield = AgentEvent<unknown> | ModelStepStream;
