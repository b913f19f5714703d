import type { Message } from '../messages/message.js';
import type { ModelSettings, Usage } from '../model/model.js';
import { findPrice } from '../pricing/compute-cost.js';
import type { PriceTable } from '../pricing/prices.js';
import type { Budget, StepResult } from './types.js';

/** A rough token count for text we have not sent yet (~4 characters a token). */
function estimateTokens(messages: readonly Message[]): number {
  let chars = 0;
  for (const message of messages) {
    if (typeof message.content === 'string') chars += message.content.length;
    else for (const part of message.content) if (part.type === 'text') chars += part.text.length;
    if (message.role === 'assistant')
      for (const call of message.toolCalls ?? []) chars += call.arguments.length;
  }
  return Math.ceil(chars / 4);
}

export interface Projection {
  inputTokens: number;
  outputTokens: number;
}

/**
 * What the next model call will likely use: the previous call's prompt and answer plus what was
 * added since (so the prompt can only grow), and `maxTokens` of output when it is set.
 */
export function projectNextCall(
  messages: readonly Message[],
  previous: StepResult | undefined,
  addedSincePrevious: readonly Message[],
  settings: ModelSettings | undefined,
): Projection {
  // A server that sends no usage leaves zeros: then estimate the whole prompt, not only the new part.
  const inputTokens =
    previous && previous.usage.totalTokens > 0
      ? previous.usage.inputTokens + previous.usage.outputTokens + estimateTokens(addedSincePrevious)
      : estimateTokens(messages);
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
