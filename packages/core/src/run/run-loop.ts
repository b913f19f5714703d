import { BudgetExceededError } from '../errors/budget-exceeded-error.js';
import type { Message } from '../messages/message.js';
import type { FinishReason } from '../model/model.js';
import { emptyUsage } from '../model/usage.js';
import { asAbortErrorIfAborted, throwIfAborted } from '../signal/abort-error-from.js';
import { newId } from '../util/id.js';
import { accountStep } from './account-step.js';
import { nextCallOverBudget } from './budget.js';
import { callModel } from './call-model.js';
import type { LoopConfig } from './loop-config.js';
import type { RunState } from './run-state.js';
import { runStepTools } from './run-tool-calls.js';
import type { AgentEvent, RunInput, RunOptions, RunResult, StopReason } from './types.js';

export type { LoopConfig } from './loop-config.js';

function stopReasonOf(finishReason: FinishReason): StopReason {
  switch (finishReason) {
    case 'stop':
    case 'tool-calls':
      return 'stop';
    case 'length':
      return 'length';
    case 'content-filter':
      return 'content-filter';
    default:
      return 'other';
  }
}

function initialMessages(config: LoopConfig, input: RunInput): Message[] {
  const messages: Message[] = [];
  if (config.instructions) messages.push({ role: 'system', content: config.instructions });
  if (typeof input === 'string') messages.push({ role: 'user', content: input });
  else messages.push(...input);
  return messages;
}

/** The run's result from its state and why it stopped; a `length` stop says where it was cut. */
function resultOf(config: LoopConfig, state: RunState, stopReason: StopReason): RunResult {
  const { runId, steps, usage, cost, messages } = state;
  const result: RunResult = {
    runId,
    text: steps.at(-1)?.text ?? '',
    steps,
    toolCalls: state.toolResults,
    usage,
    cost,
    messages,
    stopReason,
  };
  const last = steps.at(-1);
  if (stopReason === 'length' && last) {
    result.truncated = {
      step: last.step,
      maxTokens: config.settings?.maxTokens,
      outputTokens: last.usage.totalTokens > 0 ? last.usage.outputTokens : undefined,
    };
  }
  return result;
}

/**
 * The model–tool loop, shared by `run()` (mode 'generate') and `stream()` (mode 'stream'). Yields
 * events; returns the result. Each step: check the budget, call the model (callModel), book the
 * response (accountStep), run the tools it asked for (runStepTools); a step without tool calls ends
 * the run with the model's finish reason, `maxSteps` steps end it with `max-steps`.
 */
export async function* runLoop(
  config: LoopConfig,
  input: RunInput,
  options: RunOptions,
  mode: 'generate' | 'stream',
): AsyncGenerator<AgentEvent, RunResult> {
  const { signal } = options;
  throwIfAborted(signal);
  const messages = initialMessages(config, input);
  const state: RunState = {
    runId: options.runId ?? newId('run'),
    middleware: options.middleware?.length
      ? [...options.middleware, ...config.middleware]
      : config.middleware,
    signal,
    messages,
    steps: [],
    toolResults: [],
    usage: emptyUsage(),
    cost: 0,
    messagesAtPreviousCall: messages.length,
  };
  let stopReason: StopReason = 'max-steps';
  yield { type: 'run-start', runId: state.runId };

  try {
    for (let step = 1; step <= config.maxSteps; step++) {
      const overBudget = nextCallOverBudget(config, state);
      if (overBudget) {
        if (config.budget?.onExceeded === 'throw') {
          throw new BudgetExceededError({
            message: `Budget exceeded: ${overBudget}. Raise the budget, or shorten the conversation.`,
            totalTokens: state.usage.totalTokens,
            cost: state.cost,
          });
        }
        stopReason = 'budget-exceeded';
        break;
      }
      throwIfAborted(signal);
      yield { type: 'step-start', runId: state.runId, step };

      const response = yield* callModel(config, state, step, mode);
      const stepResult = accountStep(config, state, step, response);
      if (response.toolCalls.length > 0) {
        for (const toolCall of response.toolCalls) yield { type: 'tool-call', step, toolCall };
        yield* runStepTools(config, state, stepResult, response);
      }
      state.steps.push(stepResult);
      yield { type: 'step-finish', step, result: stepResult, usage: stepResult.usage };

      if (response.toolCalls.length === 0) {
        stopReason = stopReasonOf(response.finishReason);
        break;
      }
    }
  } catch (error) {
    throw asAbortErrorIfAborted(error, signal);
  }

  const result = resultOf(config, state, stopReason);
  yield { type: 'run-finish', result, text: result.text, usage: result.usage, cost: result.cost };
  return result;
}
