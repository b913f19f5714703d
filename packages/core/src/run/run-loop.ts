import pLimit from 'p-limit';
import { AbortError, ToolExecutionError } from '../errors/simple-errors.js';
import type { AssistantMessage, Message, ToolMessage } from '../messages/message.js';
import { composeGenerate, composeStream, composeTool } from '../middleware/compose.js';
import type { Middleware, ModelCallContext, ToolCallContext, ToolOutcome } from '../middleware/middleware.js';
import { ResponseCollector } from '../model/collect-stream.js';
import type {
  FinishReason,
  Model,
  ModelRequest,
  ModelResponse,
  ModelSettings,
  ToolChoice,
  ToolSpec,
  Usage,
} from '../model/model.js';
import { addUsage, emptyUsage } from '../model/usage.js';
import { addCost, computeCost } from '../pricing/compute-cost.js';
import type { PriceTable } from '../pricing/prices.js';
import type { Tool } from '../tool/tool.js';
import { asAbortErrorIfAborted, raceAbort, throwIfAborted } from '../util/abort.js';
import { AsyncQueue } from '../util/async-queue.js';
import { newId } from '../util/id.js';
import { checkBudget, projectNextCall } from './budget.js';
import { executeTool, outcomeToContent, prepareToolCall } from './execute-tool-call.js';
import type {
  AgentEvent,
  Budget,
  RunInput,
  RunOptions,
  RunResult,
  StepResult,
  StopReason,
  ToolResult,
} from './types.js';

/** Everything a run needs, fixed at createAgent. Shared by concurrent runs, never mutated. */
export interface LoopConfig {
  model: Model;
  instructions: string | undefined;
  toolsByName: ReadonlyMap<string, Tool>;
  toolSpecs: ToolSpec[] | undefined;
  middleware: readonly Middleware[];
  maxSteps: number;
  settings: ModelSettings | undefined;
  toolChoice: ToolChoice | undefined;
  toolConcurrency: number;
  budget: Budget | undefined;
  prices: PriceTable;
}

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

/**
 * The model–tool loop, shared by `run()` (mode 'generate') and `stream()` (mode 'stream'). Yields
 * events; returns the result. All run state lives in this frame, so concurrent runs share nothing.
 */
export async function* runLoop(
  config: LoopConfig,
  input: RunInput,
  options: RunOptions,
  mode: 'generate' | 'stream',
): AsyncGenerator<AgentEvent, RunResult> {
  const { signal } = options;
  const runId = options.runId ?? newId('run');
  throwIfAborted(signal);
  const messages = initialMessages(config, input);
  const steps: StepResult[] = [];
  const toolResults: ToolResult[] = [];
  let usage: Usage = emptyUsage();
  let cost: number | null = 0;
  let stopReason: StopReason = 'max-steps';
  let messagesAtPreviousCall = messages.length;
  yield { type: 'run-start', runId };

  try {
    for (let step = 1; step <= config.maxSteps; step++) {
      // Counting the prompt costs time: only a run with a budget pays for the projection.
      if (
        config.budget &&
        checkBudget(
          config.budget,
          { usage, cost },
          projectNextCall(
            messages,
            steps.at(-1),
            messages.slice(messagesAtPreviousCall),
            config.settings,
            config.model.modelId,
          ),
          config.model.modelId,
          config.prices,
        )
      ) {
        stopReason = 'budget-exceeded';
        break;
      }
      throwIfAborted(signal);
      yield { type: 'step-start', runId, step };

      const request: ModelRequest = { messages: [...messages] };
      if (config.toolSpecs) request.tools = config.toolSpecs;
      if (config.toolChoice) request.toolChoice = config.toolChoice;
      if (config.settings) request.settings = config.settings;
      const context: ModelCallContext = {
        runId,
        step,
        model: config.model,
        streaming: mode === 'stream',
        signal,
        metadata: {},
      };
      messagesAtPreviousCall = messages.length;

      let response: ModelResponse;
      if (mode === 'generate') {
        response = await raceAbort(
          composeGenerate(config.model, config.middleware, context)(request),
          signal,
        );
      } else {
        const collector = new ResponseCollector();
        // Raced against the signal like generate, so a stalled stream cannot outlive an abort.
        const parts = raceAbortIterable(
          composeStream(config.model, config.middleware, context)(request),
          signal,
        );
        for await (const part of parts) {
          collector.add(part);
          if (part.type === 'text-delta') yield { type: 'text-delta', step, delta: part.delta };
          else if (part.type === 'tool-call-delta')
            yield {
              type: 'tool-call-delta',
              step,
              index: part.index,
              toolCallId: part.toolCallId,
              toolName: part.toolName,
              argumentsDelta: part.argumentsDelta,
            };
        }
        response = collector.toResponse();
      }

      // A response served from a cache (set by the cache middleware) was not billed: it costs 0
      // and adds nothing to the run's usage, which counts billed tokens only.
      const cacheHit = context.metadata.cacheHit === true;
      const stepUsage = response.usage ?? emptyUsage();
      // No usage from the server means an unknown cost, not a free call.
      const stepCost = cacheHit
        ? 0
        : response.usage
          ? computeCost(config.model.modelId, response.usage, config.prices)
          : null;
      if (!cacheHit) usage = addUsage(usage, response.usage);
      cost = addCost(cost, stepCost);
      const assistant: AssistantMessage = { role: 'assistant', content: response.text };
      if (response.toolCalls.length > 0) assistant.toolCalls = response.toolCalls;
      messages.push(assistant);

      const stepResult: StepResult = {
        step,
        text: response.text,
        toolCalls: response.toolCalls,
        toolResults: [],
        finishReason: response.finishReason,
        usage: stepUsage,
        cost: stepCost,
        cacheHit,
      };

      if (response.toolCalls.length > 0) {
        for (const toolCall of response.toolCalls) yield { type: 'tool-call', step, toolCall };
        // Results go back in call order, whatever order they finished in (by position: ids may repeat).
        const finished: FinishedToolCall[] = [];
        for await (const done of runToolCalls(config, response, { runId, step, signal, messages })) {
          finished[done.index] = done;
          yield { type: 'tool-result', step, result: done.result };
        }
        for (const { result, content } of finished) {
          stepResult.toolResults.push(result);
          toolResults.push(result);
          const toolMessage: ToolMessage = {
            role: 'tool',
            toolCallId: result.toolCallId,
            toolName: result.toolName,
            content,
          };
          if (result.isError) toolMessage.isError = true;
          messages.push(toolMessage);
        }
      }
      steps.push(stepResult);
      yield { type: 'step-finish', step, result: stepResult, usage: stepUsage };

      if (response.toolCalls.length === 0) {
        stopReason = stopReasonOf(response.finishReason);
        break;
      }
    }
  } catch (error) {
    throw asAbortErrorIfAborted(error, signal);
  }

  const result: RunResult = {
    runId,
    text: steps.at(-1)?.text ?? '',
    steps,
    toolCalls: toolResults,
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
  yield { type: 'run-finish', result, text: result.text, usage, cost };
  return result;
}

interface ToolRunContext {
  runId: string;
  step: number;
  signal: AbortSignal | undefined;
  messages: readonly Message[];
}

interface FinishedToolCall {
  /** Position of the call in the model's response. */
  index: number;
  result: ToolResult;
  /** What the model reads. */
  content: string;
}

/**
 * Runs a step's tool calls concurrently (capped), yielding each result as it finishes. A call
 * waiting for a slot checks the signal first, so an aborted run starts no further tool.
 */
async function* runToolCalls(
  config: LoopConfig,
  response: ModelResponse,
  context: ToolRunContext,
): AsyncGenerator<FinishedToolCall> {
  // A queue only when the step has more calls than may run at once (rare): building one per step
  // is measurable on the hot path.
  const limit: <T>(task: () => Promise<T>) => Promise<T> =
    response.toolCalls.length > config.toolConcurrency ? pLimit(config.toolConcurrency) : (task) => task();
  const queue = new AsyncQueue<FinishedToolCall>();
  let pending = response.toolCalls.length;
  response.toolCalls.forEach((toolCall, index) => {
    limit(async () => {
      if (context.signal?.aborted) return;
      const call = prepareToolCall(toolCall, config.toolsByName);
      // A fresh context per call: concurrent calls must not share metadata.
      const toolContext: ToolCallContext = {
        runId: context.runId,
        step: context.step,
        model: config.model,
        signal: context.signal,
        metadata: {},
      };
      const execute = composeTool(config.middleware, (info) => executeTool(info, context), toolContext);
      const started = performance.now();
      let outcome: ToolOutcome;
      try {
        outcome = await execute(call);
      } catch (error) {
        outcome = { isError: true, error: error instanceof Error ? error : new Error(String(error)) };
      }
      let content: string;
      try {
        content = outcomeToContent(outcome);
      } catch (error) {
        // A circular object (or a throwing toJSON) cannot reach the model; it learns the call failed.
        outcome = {
          isError: true,
          error: new ToolExecutionError(
            call.toolName,
            call.toolCallId,
            `Tool "${call.toolName}" returned a value that cannot be sent as JSON (${(error as Error).message}). Return plain data.`,
            { cause: error },
          ),
        };
        content = outcomeToContent(outcome);
      }
      const result: ToolResult = {
        toolCallId: call.toolCallId,
        toolName: call.toolName,
        arguments: call.arguments,
        input: call.input,
        isError: outcome.isError,
        durationMs: performance.now() - started,
        step: context.step,
      };
      if (outcome.isError) result.error = outcome.error;
      else result.output = outcome.output;
      queue.push({ index, result, content });
    })
      .catch((error: unknown) => queue.fail(error))
      .finally(() => {
        pending--;
        if (pending === 0) queue.end();
      });
  });
  yield* raceAbortIterable(queue, context.signal);
}

/**
 * Iterates `source`, rejecting with AbortError as soon as the signal fires (one listener for the
 * whole iteration, not one per part). On abort, error or an early exit the source is closed; not
 * awaited, since a stalled source may never settle.
 */
async function* raceAbortIterable<T>(
  source: AsyncIterable<T>,
  signal: AbortSignal | undefined,
): AsyncGenerator<T> {
  if (!signal) return yield* source;
  throwIfAborted(signal);
  const iterator = source[Symbol.asyncIterator]();
  let done = false;
  let rejectNext: ((error: unknown) => void) | undefined;
  const onAbort = () => rejectNext?.(new AbortError(undefined, { cause: signal.reason }));
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    while (true) {
      const next = await new Promise<IteratorResult<T>>((resolve, reject) => {
        rejectNext = reject;
        iterator.next().then(resolve, reject);
      });
      if (next.done) {
        done = true;
        return;
      }
      throwIfAborted(signal);
      yield next.value;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    if (!done) iterator.return?.()?.catch(() => {});
  }
}
