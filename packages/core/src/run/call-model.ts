import { composeGenerate, composeStream } from '../middleware/compose.js';
import type { ModelCallContext } from '../middleware/middleware.js';
import type { ModelRequest, ModelResponse } from '../model/model.js';
import { PartialOutputReader } from '../output/partial-output-reader.js';
import { raceAbort } from '../signal/race-abort.js';
import { raceAbortIterable } from '../signal/race-abort-iterable.js';
import { isSettledOnAbort } from '../signal/settles-on-abort.js';
import type { LoopConfig } from './loop-config.js';
import type { LoopState } from './loop-state.js';
import { type LoopYield, ModelStepStream } from './model-step-stream.js';

/** The request of one step: the conversation so far plus the agent's tools and settings. */
function stepRequest(config: LoopConfig, state: LoopState): ModelRequest {
  const request: ModelRequest = { messages: [...state.messages] };
  if (state.requestTools) request.tools = state.requestTools;
  if (state.requestToolChoice) request.toolChoice = state.requestToolChoice;
  if (config.settings) request.settings = config.settings;
  if (state.plan?.responseFormat) request.responseFormat = state.plan.responseFormat;
  return request;
}

/**
 * Makes one step's model call through the middleware onion and returns the whole response. In
 * `stream` mode it yields one ModelStepStream, whose parts the outermost iterator reads (and turns
 * into text and tool-call delta events) before it resumes this generator. Both paths are raced
 * against the run's signal, so a stalled model cannot outlive an abort.
 */
export async function* callModel(
  config: LoopConfig,
  state: LoopState,
  step: number,
  mode: 'generate' | 'stream',
): AsyncGenerator<LoopYield, ModelResponse> {
  const request = stepRequest(config, state);
  const context: ModelCallContext = {
    runId: state.runId,
    step,
    model: config.model,
    streaming: mode === 'stream',
    signal: state.signal,
    prices: config.prices,
    batchItem: state.batchItem,
    metadata: {},
  };
  state.messagesAtPreviousCall = state.messages.length;
  if (mode === 'generate') {
    const call = composeGenerate(config.model, state.middleware, context)(request);
    // A model that rejects on abort by itself, with no middleware in between, needs no race.
    if (state.middleware.length === 0 && isSettledOnAbort(config.model)) return await call;
    return await raceAbort(call, state.signal);
  }
  // Partial typed answers as they stream (unvalidated), when the run asks for one.
  const partials =
    state.plan && state.outputSpec ? new PartialOutputReader(state.plan, state.outputSpec) : undefined;
  const stream = composeStream(config.model, state.middleware, context)(request);
  const modelStep = new ModelStepStream(
    state.signal ? raceAbortIterable(stream, state.signal) : stream,
    step,
    partials,
  );
  // Resumed once the reader has taken every part, or thrown into with the error that ended them.
  yield modelStep;
  return modelStep.collector.toResponse();
}
