import { composeGenerate, composeStream } from '../middleware/compose.js';
import type { ModelCallContext } from '../middleware/middleware.js';
import { ResponseCollector } from '../model/collect-stream.js';
import type { ModelRequest, ModelResponse } from '../model/model.js';
import { PartialOutputReader } from '../output/partial-output-reader.js';
import { raceAbort } from '../signal/race-abort.js';
import { raceAbortIterable } from '../signal/race-abort-iterable.js';
import type { LoopConfig } from './loop-config.js';
import type { LoopState } from './loop-state.js';
import type { AgentEvent } from './types.js';

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
 * Makes one step's model call through the middleware onion. In `stream` mode it yields the text
 * and tool-call deltas as they arrive; either way it returns the whole response. Both paths are
 * raced against the run's signal, so a stalled model cannot outlive an abort.
 */
export async function* callModel(
  config: LoopConfig,
  state: LoopState,
  step: number,
  mode: 'generate' | 'stream',
): AsyncGenerator<AgentEvent<unknown>, ModelResponse> {
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
    return await raceAbort(composeGenerate(config.model, state.middleware, context)(request), state.signal);
  }
  const collector = new ResponseCollector();
  // Partial typed answers as they stream (unvalidated), when the run asks for one.
  const partials =
    state.plan && state.outputSpec ? new PartialOutputReader(state.plan, state.outputSpec) : undefined;
  const parts = raceAbortIterable(
    composeStream(config.model, state.middleware, context)(request),
    state.signal,
  );
  for await (const part of parts) {
    collector.add(part);
    const partial = partials?.add(part);
    if (part.type === 'text-delta') yield { type: 'text-delta', step, delta: part.delta };
    else if (part.type === 'tool-call-delta') {
      yield {
        type: 'tool-call-delta',
        step,
        index: part.index,
        toolCallId: part.toolCallId,
        toolName: part.toolName,
        argumentsDelta: part.argumentsDelta,
      };
    }
    if (partial !== undefined) yield { type: 'partial-output', step, partial, validated: false };
  }
  return collector.toResponse();
}
