import { composeGenerate, composeStream } from '../middleware/compose.js';
import type { ModelCallContext } from '../middleware/middleware.js';
import { ResponseCollector } from '../model/collect-stream.js';
import type { ModelRequest, ModelResponse } from '../model/model.js';
import { raceAbort } from '../signal/race-abort.js';
import { raceAbortIterable } from '../signal/race-abort-iterable.js';
import type { LoopConfig } from './loop-config.js';
import type { RunState } from './run-state.js';
import type { AgentEvent } from './types.js';

/** The request of one step: the conversation so far plus the agent's tools and settings. */
function stepRequest(config: LoopConfig, state: RunState): ModelRequest {
  const request: ModelRequest = { messages: [...state.messages] };
  if (config.toolSpecs) request.tools = config.toolSpecs;
  if (config.toolChoice) request.toolChoice = config.toolChoice;
  if (config.settings) request.settings = config.settings;
  return request;
}

/**
 * Makes one step's model call through the middleware onion. In `stream` mode it yields the text
 * and tool-call deltas as they arrive; either way it returns the whole response. Both paths are
 * raced against the run's signal, so a stalled model cannot outlive an abort.
 */
export async function* callModel(
  config: LoopConfig,
  state: RunState,
  step: number,
  mode: 'generate' | 'stream',
): AsyncGenerator<AgentEvent, ModelResponse> {
  const request = stepRequest(config, state);
  const context: ModelCallContext = {
    runId: state.runId,
    step,
    model: config.model,
    streaming: mode === 'stream',
    signal: state.signal,
    prices: config.prices,
    metadata: {},
  };
  state.messagesAtPreviousCall = state.messages.length;
  if (mode === 'generate') {
    return await raceAbort(composeGenerate(config.model, state.middleware, context)(request), state.signal);
  }
  const collector = new ResponseCollector();
  const parts = raceAbortIterable(
    composeStream(config.model, state.middleware, context)(request),
    state.signal,
  );
  for await (const part of parts) {
    collector.add(part);
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
  }
  return collector.toResponse();
}
