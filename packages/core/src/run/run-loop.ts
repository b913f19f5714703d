import pLimit from 'p-limit';
import type { AssistantMessage, Message, ToolMessage } from '../messages/message.js';
import { composeGenerate, composeStream, composeTool } from '../middleware/compose.js';
import type { Middleware, ModelCallContext, ToolOutcome } from '../middleware/middleware.js';
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
      const projection = projectNextCall(
        messages,
        steps.at(-1),
        messages.slice(messagesAtPreviousCall),
        config.settings,
      );
      if (checkBudget(config.budget, { usage, cost }, projection, config.model.modelId, config.prices)) {
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
        for await (const part of composeStream(config.model, config.middleware, context)(request)) {
          throwIfAborted(signal);
          collector.add(part);
          if (part.type === 'text-delta') yield { type: 'text-delta', step, delta: part.delta };
          else if (part.type === 'tool-call-delta')
            yield {
              type: 'tool-call-delta',
              step,
              index: part.index,
              toolCallId: part.id,
              toolName: part.name,
              argumentsDelta: part.argumentsDelta,
            };
        }
        response = collector.toResponse();
      }

      const stepUsage = response.usage ?? emptyUsage();
      const stepCost = computeCost(config.model.modelId, stepUsage, config.prices);
      usage = addUsage(usage, response.usage);
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
      };

      if (response.toolCalls.length > 0) {
        for (const toolCall of response.toolCalls) yield { type: 'tool-call', step, toolCall };
        for await (const result of runToolCalls(config, response, { runId, step, signal, messages })) {
          stepResult.toolResults.push(result);
          yield { type: 'tool-result', step, result };
        }
        // Results go back in call order, whatever order they finished in.
        const order = new Map(response.toolCalls.map((call, index) => [call.id, index]));
        stepResult.toolResults.sort(
          (a, b) => (order.get(a.toolCallId) ?? 0) - (order.get(b.toolCallId) ?? 0),
        );
        for (const result of stepResult.toolResults) {
          toolResults.push(result);
          const toolMessage: ToolMessage = {
            role: 'tool',
            toolCallId: result.toolCallId,
            toolName: result.toolName,
            content: outcomeToContent(
              result.isError ? { ok: false, error: result.error! } : { ok: true, output: result.output },
            ),
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
  yield { type: 'run-finish', result, text: result.text, usage, cost };
  return result;
}

interface ToolRunContext {
  runId: string;
  step: number;
  signal: AbortSignal | undefined;
  messages: readonly Message[];
}

/**
 * Runs a step's tool calls concurrently (capped), yielding each result as it finishes. A call
 * waiting for a slot checks the signal first, so an aborted run starts no further tool.
 */
async function* runToolCalls(
  config: LoopConfig,
  response: ModelResponse,
  context: ToolRunContext,
): AsyncGenerator<ToolResult> {
  const limit = pLimit(config.toolConcurrency);
  const queue = new AsyncQueue<ToolResult>();
  const toolContext = { runId: context.runId, step: context.step, signal: context.signal, metadata: {} };
  const execute = composeTool(config.middleware, (call) => executeTool(call, context), toolContext);
  let pending = response.toolCalls.length;
  for (const toolCall of response.toolCalls) {
    limit(async () => {
      if (context.signal?.aborted) return;
      const call = prepareToolCall(toolCall, config.toolsByName);
      const started = performance.now();
      let outcome: ToolOutcome;
      try {
        outcome = await execute(call);
      } catch (error) {
        outcome = { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
      }
      const result: ToolResult = {
        toolCallId: call.toolCallId,
        toolName: call.toolName,
        input: call.input,
        rawArguments: call.rawArguments,
        isError: !outcome.ok,
        durationMs: performance.now() - started,
        step: context.step,
      };
      if (outcome.ok) result.output = outcome.output;
      else result.error = outcome.error;
      queue.push(result);
    }).finally(() => {
      pending--;
      if (pending === 0) queue.end();
    });
  }
  for await (const result of raceAbortIterable(queue, context.signal)) yield result;
}

async function* raceAbortIterable<T>(
  source: AsyncIterable<T>,
  signal: AbortSignal | undefined,
): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  while (true) {
    const next = await raceAbort(iterator.next(), signal);
    if (next.done) return;
    yield next.value;
  }
}
