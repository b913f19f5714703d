import pLimit from 'p-limit';
import { ToolExecutionError } from '../errors/tool-execution-error.js';
import type { Message, ToolMessage } from '../messages/message.js';
import { composeTool } from '../middleware/compose.js';
import type { Middleware, ToolCallContext, ToolOutcome } from '../middleware/middleware.js';
import type { ModelResponse } from '../model/model.js';
import { raceAbortIterable } from '../signal/race-abort-iterable.js';
import { AsyncQueue } from '../util/async-queue.js';
import { executeTool, outcomeToContent, prepareToolCall } from './execute-tool-call.js';
import type { LoopConfig } from './loop-config.js';
import type { RunState } from './run-state.js';
import type { AgentEvent, StepResult, ToolResult } from './types.js';

interface ToolRunContext {
  runId: string;
  middleware: readonly Middleware[];
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
 * Runs a step's tool calls, yielding a `tool-result` event as each finishes, then adds the results
 * to the step and the tool messages to the conversation in call order (by position: ids may repeat).
 */
export async function* runStepTools(
  config: LoopConfig,
  state: RunState,
  stepResult: StepResult,
  response: ModelResponse,
): AsyncGenerator<AgentEvent> {
  const { step } = stepResult;
  const finished: FinishedToolCall[] = [];
  const context = {
    runId: state.runId,
    middleware: state.middleware,
    step,
    signal: state.signal,
    messages: state.messages,
  };
  for await (const done of runToolCalls(config, response, context)) {
    finished[done.index] = done;
    yield { type: 'tool-result', step, result: done.result };
  }
  for (const { result, content } of finished) {
    stepResult.toolResults.push(result);
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
