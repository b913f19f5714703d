import { ToolExecutionError } from '../errors/tool-execution-error.js';
import type { Message, ToolMessage } from '../messages/message.js';
import { composeTool } from '../middleware/compose.js';
import type { Middleware, PreparedToolCall, ToolCallContext, ToolOutcome } from '../middleware/middleware.js';
import type { ModelResponse } from '../model/model.js';
import { raceAbort } from '../signal/race-abort.js';
import { raceAbortIterable } from '../signal/race-abort-iterable.js';
import { AsyncQueue } from '../util/async-queue.js';
import { callsNeedingApproval, stateOf } from './approval.js';
import type { BatchItemRef } from './batch-item-ref.js';
import { executeTool, outcomeToContent, prepareToolCall } from './execute-tool-call.js';
import type { FinishedToolCall } from './finished-tool-call.js';
import type { LoopConfig } from './loop-config.js';
import type { LoopState } from './loop-state.js';
import type { AgentEvent, StepResult, ToolResult } from './types.js';

interface ToolRunContext {
  runId: string;
  middleware: readonly Middleware[];
  step: number;
  signal: AbortSignal | undefined;
  batchItem: BatchItemRef | undefined;
  messages: readonly Message[];
}

/**
 * Runs a step's tool calls concurrently (capped), yielding each result as it finishes. A call
 * waiting for a slot checks the signal first, so an aborted run starts no further tool.
 */
export async function* runToolCalls(
  config: LoopConfig,
  calls: readonly PreparedToolCall[],
  context: ToolRunContext,
  skip: ReadonlySet<number>,
): AsyncGenerator<FinishedToolCall> {
  const toRun = [...calls.entries()].filter(([index]) => !skip.has(index));
  if (toRun.length === 0) return;
  // The usual step has one call: it needs no queue, only the race against the run's signal.
  if (toRun.length === 1) {
    const [index, call] = toRun[0]!;
    const done = await raceAbort(runToolCall(config, index, call, context), context.signal);
    if (done) yield done;
    return;
  }
  // A limit only when the step has more calls than may run at once (rare): building one per step
  // is measurable on the hot path.
  // p-limit is imported only then, so importing core does not load it.
  const limit: <T>(task: () => Promise<T>) => Promise<T> =
    toRun.length > config.toolConcurrency
      ? (await import('p-limit')).default(config.toolConcurrency)
      : (task) => task();
  const queue = new AsyncQueue<FinishedToolCall>();
  let pending = toRun.length;
  toRun.forEach(([index, call]) => {
    limit(async () => {
      const done = await runToolCall(config, index, call, context);
      if (done) queue.push(done);
    })
      .catch((error: unknown) => queue.fail(error))
      .finally(() => {
        pending--;
        if (pending === 0) queue.end();
      });
  });
  yield* context.signal ? raceAbortIterable(queue, context.signal) : queue;
}

/** Runs one call through the tool middleware; undefined when the run was aborted before it started. */
async function runToolCall(
  config: LoopConfig,
  index: number,
  call: PreparedToolCall,
  context: ToolRunContext,
): Promise<FinishedToolCall | undefined> {
  if (context.signal?.aborted) return undefined;
  // A fresh context per call: concurrent calls must not share metadata.
  const toolContext: ToolCallContext = {
    runId: context.runId,
    step: context.step,
    model: config.model,
    signal: context.signal,
    batchItem: context.batchItem,
    metadata: {},
  };
  const execute = composeTool(context.middleware, (info) => executeTool(info, context), toolContext);
  const started = performance.now();
  let outcome: ToolOutcome;
  try {
    outcome = await execute(call);
  } catch (error) {
    // A tool middleware threw something that is not an Error: the model still learns the call failed.
    outcome = {
      isError: true,
      error:
        error instanceof Error
          ? error
          : new ToolExecutionError({
              toolName: call.toolName,
              toolCallId: call.toolCallId,
              message: `Tool "${call.toolName}" failed with a non-Error value: ${String(error)}.`,
              cause: error,
            }),
    };
  }
  let content: string;
  try {
    content = outcomeToContent(outcome);
  } catch (error) {
    // A circular object (or a throwing toJSON) cannot reach the model; it learns the call failed.
    outcome = {
      isError: true,
      error: new ToolExecutionError({
        toolName: call.toolName,
        toolCallId: call.toolCallId,
        message: `Tool "${call.toolName}" returned a value that cannot be sent as JSON (${(error as Error).message}). Return plain data.`,
        cause: error,
      }),
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
  return { index, result, content };
}

/** The context runToolCalls needs, from the loop's state. */
export function toolRunContext(state: LoopState, step: number): ToolRunContext {
  return {
    runId: state.runId,
    middleware: state.middleware,
    step,
    signal: state.signal,
    batchItem: state.batchItem,
    messages: state.messages,
  };
}

/**
 * Runs a step's tool calls, yielding a `tool-result` event as each finishes (when `emit`), then adds the results
 * to the step and the tool messages to the conversation in call order (by position: ids may repeat).
 * Calls whose tool needs approval do not run: the step stops there, and what ran is kept in a
 * JSON state (`state.stopped`) so a resume never runs it again. Returns true when it stopped so.
 */
export async function* runStepTools(
  config: LoopConfig,
  state: LoopState,
  stepResult: StepResult,
  response: ModelResponse,
  /** False for run(), which reads no events. */
  emit: boolean,
): AsyncGenerator<AgentEvent<unknown>, boolean> {
  const { step } = stepResult;
  const prepared = response.toolCalls.map((toolCall) => prepareToolCall(toolCall, config.toolsByName));
  const waiting = await callsNeedingApproval(prepared);
  const finished: FinishedToolCall[] = [];
  for await (const done of runToolCalls(config, prepared, toolRunContext(state, step), waiting)) {
    finished[done.index] = done;
    if (emit) yield { type: 'tool-result', step, result: done.result };
  }
  if (waiting.size > 0) {
    // Stop before anything waits on a human: what ran is kept, so resuming never runs it again.
    const ran = finished.filter(Boolean);
    for (const { result } of ran) {
      stepResult.toolResults.push(result);
      state.toolResults.push(result);
    }
    state.stopped = stateOf({
      runId: state.runId,
      step,
      messages: state.messages,
      calls: response.toolCalls,
      ran,
      prepared,
      waiting,
      usage: state.usage,
      cost: state.cost,
    });
    return true;
  }
  appendToolResults(finished, state, stepResult);
  return false;
}

/** Appends a step's results, in call order, to the conversation and the run's (and step's) records. */
export function appendToolResults(
  finished: readonly FinishedToolCall[],
  state: LoopState,
  stepResult: StepResult | undefined,
): void {
  for (const { result, content } of finished) {
    stepResult?.toolResults.push(result);
    state.toolResults.push(result);
    const toolMessage: ToolMessage = {
      role: 'tool',
      toolCallId: result.toolCallId,
      toolName: result.toolName,
      content,
    };
    if (result.isError) toolMessage.isError = true;
    state.messages.push(toolMessage);
  }
}
