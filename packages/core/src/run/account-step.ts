import type { AssistantMessage } from '../messages/message.js';
import type { ModelResponse } from '../model/model.js';
import { addUsage, emptyUsage } from '../model/usage.js';
import { billResponse } from '../pricing/bill-response.js';
import { addCost } from '../pricing/compute-cost.js';
import type { LoopConfig } from './loop-config.js';
import type { RunState } from './run-state.js';
import type { StepResult } from './types.js';

/**
 * Books one model response into the run: bills it (core's one rule — a cache hit costs 0 and adds
 * no usage, a response without usage makes the cost unknown), appends the assistant message, and
 * returns the step's result (its tool results are filled in as the calls finish).
 */
export function accountStep(
  config: LoopConfig,
  state: RunState,
  step: number,
  response: ModelResponse,
): StepResult {
  const bill = billResponse(response, { modelId: config.model.modelId, prices: config.prices });
  state.usage = addUsage(state.usage, bill.usage);
  state.cost = addCost(state.cost, bill.cost);
  const assistant: AssistantMessage = { role: 'assistant', content: response.text };
  if (response.toolCalls.length > 0) assistant.toolCalls = response.toolCalls;
  state.messages.push(assistant);
  return {
    step,
    text: response.text,
    toolCalls: response.toolCalls,
    toolResults: [],
    finishReason: response.finishReason,
    usage: response.usage ?? emptyUsage(),
    cost: bill.cost,
    cacheHit: response.source === 'cache',
  };
}
