import type { StreamPart } from '../model/model.js';
import { type LoopYield, ModelStepStream } from './model-step-stream.js';
import type { AgentEvent } from './types.js';

type Event = AgentEvent<unknown>;
type Result = IteratorResult<Event, undefined>;

const DONE: Result = Object.freeze({ done: true, value: undefined }) as Result;

/**
 * The iterator of `agent.stream()` and `agent.resumeStream()`: the loop's own events, and the
 * deltas of each model call read here straight from its parts (see ModelStepStream). Hand-written,
 * not an async generator: a delta costs the part's own promise and one `then`, not a resumption
 * of a generator per layer. Behaves as the generator it replaces: calls are served in order (one
 * at a time), a failure is given as an `error` event and then thrown by the next call, and
 * `return` closes the model's parts, then the loop (its `finally` blocks run).
 */
class AgentEventStream implements AsyncIterableIterator<Event> {
  #start: (() => AsyncGenerator<LoopYield, unknown>) | undefined;
  #loop: AsyncGenerator<LoopYield, unknown> | undefined;
  /** The model call being read, and its parts. */
  #step: ModelStepStream | undefined;
  #parts: AsyncIterator<StreamPart> | undefined;
  /** A partial-output event due after the delta just given. */
  #queued: Event | undefined;
  /** The failure given as an `error` event, thrown by the next call. */
  #failure: { error: unknown } | undefined;
  #finished = false;
  /** A call is being served; later calls wait in `#waiting`, in order. */
  #busy = false;
  readonly #waiting: Array<() => void> = [];

  constructor(start: () => AsyncGenerator<LoopYield, unknown>) {
    this.#start = start;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<Result> {
    return this.#serve(() => this.#advance());
  }

  return(): Promise<Result> {
    return this.#serve(() => this.#close().then(this.#end, this.#fail));
  }

  throw(error?: unknown): Promise<Result> {
    return this.#serve(() => {
      if (this.#finished || this.#loop === undefined) {
        this.#finished = true;
        return this.#fail(error);
      }
      // As a throw at the generator's `yield`: the model's parts close, the loop gets the error.
      const parts = this.#closeParts();
      return parts.then(
        () => this.#resume(this.#loop!.throw(error)),
        (closeError: unknown) => this.#resume(this.#loop!.throw(closeError)),
      );
    });
  }

  /** Runs `task` now, or once the calls before it are served. */
  #serve(task: () => Promise<Result>): Promise<Result> {
    if (!this.#busy) {
      this.#busy = true;
      return task();
    }
    return new Promise<Result>((resolve, reject) => {
      this.#waiting.push(() => {
        this.#busy = true;
        task().then(resolve, reject);
      });
    });
  }

  /** The current call's result is settled: serve the next waiting call. */
  #release(): void {
    this.#busy = false;
    this.#waiting.shift()?.();
  }

  readonly #give = (value: Event): Result => {
    this.#release();
    return { done: false, value };
  };

  readonly #end = (): Result => {
    this.#release();
    return DONE;
  };

  readonly #fail = (error: unknown): never => {
    this.#release();
    throw error;
  };

  #advance(): Promise<Result> {
    if (this.#finished) return Promise.resolve(this.#end());
    const failure = this.#failure;
    if (failure) {
      this.#failure = undefined;
      this.#finished = true;
      return Promise.reject(failure.error).catch(this.#fail);
    }
    const queued = this.#queued;
    if (queued !== undefined) {
      this.#queued = undefined;
      return Promise.resolve(this.#give(queued));
    }
    if (this.#parts !== undefined) return this.#pull();
    if (this.#loop === undefined) {
      const start = this.#start!;
      this.#start = undefined;
      try {
        this.#loop = start();
      } catch (error) {
        return Promise.resolve(this.#onLoopError(error));
      }
    }
    return this.#resume(this.#loop.next());
  }

  /** The next part of the model call being read. */
  #pull(): Promise<Result> {
    let next: Promise<IteratorResult<StreamPart>>;
    try {
      next = this.#parts!.next();
    } catch (error) {
      return this.#onPartError(error);
    }
    return next.then(this.#onPart, this.#onPartError);
  }

  readonly #onPart = (result: IteratorResult<StreamPart>): Result | Promise<Result> => {
    const step = this.#step!;
    if (result.done) {
      this.#step = undefined;
      this.#parts = undefined;
      // The loop goes on from the step's call.
      return this.#resume(this.#loop!.next());
    }
    let event: Event | undefined;
    let partial: Event | undefined;
    try {
      event = step.add(result.value);
      partial = step.takePartial();
    } catch (error) {
      // As a throw inside `for await`: the parts are closed, then the loop gets the error.
      const thrown = (): Promise<Result> => this.#resume(this.#loop!.throw(error));
      return this.#closeParts().then(thrown, thrown);
    }
    if (event !== undefined) {
      this.#queued = partial;
      return this.#give(event);
    }
    if (partial !== undefined) return this.#give(partial);
    return this.#pull();
  };

  readonly #onPartError = (error: unknown): Promise<Result> => {
    this.#step = undefined;
    this.#parts = undefined;
    // The step's call fails, through the loop's own error handling.
    return this.#resume(this.#loop!.throw(error));
  };

  #resume(next: Promise<IteratorResult<LoopYield, unknown>>): Promise<Result> {
    return next.then(this.#onLoop, this.#onLoopError);
  }

  readonly #onLoop = (result: IteratorResult<LoopYield, unknown>): Result | Promise<Result> => {
    if (result.done) {
      this.#finished = true;
      return this.#end();
    }
    const value = result.value;
    if (value instanceof ModelStepStream) {
      this.#step = value;
      try {
        this.#parts = value.parts[Symbol.asyncIterator]();
      } catch (error) {
        return this.#onPartError(error);
      }
      return this.#pull();
    }
    return this.#give(value);
  };

  readonly #onLoopError = (error: unknown): Result => {
    this.#failure = { error };
    return this.#give({ type: 'error', error });
  };

  /** Closes the model call being read, if any (as `for await` does on an early exit). */
  #closeParts(): Promise<unknown> {
    const parts = this.#parts;
    this.#step = undefined;
    this.#parts = undefined;
    this.#queued = undefined;
    return parts?.return ? parts.return() : Promise.resolve();
  }

  /** An early exit: the model's parts, then the loop (a no-op once it is done). */
  async #close(): Promise<void> {
    const wasFinished = this.#finished;
    this.#finished = true;
    this.#failure = undefined;
    this.#start = undefined;
    try {
      await this.#closeParts();
    } finally {
      if (!wasFinished) await this.#loop?.return(undefined);
    }
  }
}

/** The events of a streamed run, from a function that starts its loop (called on the first `next`). */
export function streamEvents(start: () => AsyncGenerator<LoopYield, unknown>): AsyncIterableIterator<Event> {
  return new AgentEventStream(start);
}
