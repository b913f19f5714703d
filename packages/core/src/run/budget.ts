import type { Message } from '../messages/message.js';
import type { ModelSettings, Usage } from '../model/model.js';
import { findPrice } from '../pricing/compute-cost.js';
import type { PriceTable } from '../pricing/prices.js';
import { estimateMessagesTokens, estimateRequestTokens } from '../tokens/estimate-request-tokens.js';
import type { LoopConfig } from './loop-config.js';
import type { LoopState } from './loop-state.js';
import type { Budget, StepResult } from './types.js';

export interface Projection {
  inputTokens: number;
  outputTokens: number;
}

/**
 * What the next model call will likely use: the previous call's prompt and answer plus what was
 * added since (so the prompt can only grow), counted by the one pre-call estimator
 * (estimateRequestTokens: exact once the tokenizer is loaded, script-aware otherwise), and
 * `maxTokens` of output when it is set.
 */
export function projectNextCall(
  messages: readonly Message[],
  previous: StepResult | undefined,
  addedSincePrevious: readonly Message[],
  settings: ModelSettings | undefined,
  modelId: string,
): Projection {
  // A server that sends no usage leaves zeros: then estimate the whole prompt, not only the new part.
  const inputTokens =
    previous && previous.usage.totalTokens > 0
      ? previous.usage.inputTokens +
        previous.usage.outputTokens +
        estimateMessagesTokens(addedSincePrevious, { model: modelId })
      : estimateRequestTokens({ messages }, { model: modelId }).inputTokens;
  return { inputTokens, outputTokens: settings?.maxTokens ?? 0 };
}

/** A reason to stop before the next call, or undefined to go on. */
export function checkBudget(
  budget: Budget | undefined,
  spent: { usage: Usage; cost: number | null },
  projection: Projection,
  modelId: string,
  prices: PriceTable,
): string | undefined {
  if (!budget) return undefined;
  const projectedTokens = spent.usage.totalTokens + projection.inputTokens + projection.outputTokens;
  if (budget.maxTotalTokens !== undefined && projectedTokens > budget.maxTotalTokens) {
    return `the next model call would take the run to ~${projectedTokens} tokens, over maxTotalTokens ${budget.maxTotalTokens} (${spent.usage.totalTokens} spent)`;
  }
  if (budget.maxCostUSD !== undefined) {
    const price = findPrice(modelId, prices);
    if (price && spent.cost !== null) {
      const projectedCost =
        spent.cost + (projection.inputTokens * price.input + projection.outputTokens * price.output) / 1e6;
      if (projectedCost > budget.maxCostUSD) {
        return `the next model call would take the run to ~$${projectedCost.toFixed(6)}, over maxCostUSD ${budget.maxCostUSD} ($${spent.cost.toFixed(6)} spent)`;
      }
    }
  }
  return undefined;
}

/**
 * Why the next step's model call would break the run's budget, or undefined. Counting the prompt
 * costs time, so only a run with a budget pays for the projection.
 */
export function nextCallOverBudget(config: LoopConfig, state: LoopState): string | undefined {
  if (!config.budget) return undefined;
  const projection = projectNextCall(
    state.messages,
    state.steps.at(-1),
    state.messages.slice(state.messagesAtPreviousCall),
    config.settings,
    config.model.modelId,
  );
  return checkBudget(config.budget, state, projection, config.model.modelId, config.prices);
}
