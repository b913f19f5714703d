import type { AssistantMessage } from '../messages/message.js';
import type { ModelResponse } from '../model/model.js';
import { addUsage, emptyUsage } from '../model/usage.js';
import type { AnswerVerdict } from '../output/judge-answer.js';
import { billResponse } from '../pricing/bill-response.js';
import { addCost } from '../pricing/compute-cost.js';
import type { LoopConfig } from './loop-config.js';
import type { LoopState } from './loop-state.js';
import type { StepResult } from './types.js';

/**
 * Books one model response into the run: bills it (core's one rule — a cache hit costs 0 and adds
 * no usage, a response without usage makes the cost unknown), appends the assistant message (only
 * the final-answer call when `verdict` says the response is the typed answer), and returns the
 * step's result (its tool results are filled in as the calls finish).
 */
export function accountStep(
  config: LoopConfig,
  state: LoopState,
  step: number,
  response: ModelResponse,
  verdict: AnswerVerdict | undefined,
): StepResult {
  const bill = billResponse(response, { modelId: config.model.modelId, prices: config.prices });
  state.usage = addUsage(state.usage, bill.usage);
  state.cost = addCost(state.cost, bill.cost);
  const assistant: AssistantMessage = { role: 'assistant', content: response.text };
  const isAnswer = verdict !== undefined && verdict.kind !== 'tools';
  // A final-answer call ends the step: other calls beside it are not run, so not kept either.
  if (isAnswer && verdict.answerCall) assistant.toolCalls = [verdict.answerCall];
  else if (!isAnswer && response.toolCalls.length > 0) assistant.toolCalls = response.toolCalls;
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
