import pLimit from 'p-limit';
import { AbortError, InvalidOptionError, ToolExecutionError } from '../errors/simple-errors.js';
import type { AssistantMessage, Message, ToolCall, ToolMessage } from '../messages/message.js';
import { composeGenerate, composeStream, composeTool } from '../middleware/compose.js';
import type {
  Middleware,
  ModelCallContext,
  PreparedToolCall,
  ToolCallContext,
  ToolOutcome,
} from '../middleware/middleware.js';
import { ResponseCollector } from '../model/collect-stream.js';
import type {
  FinishReason,
  Model,
  ModelRequest,
  ModelResponse,
  ModelSettings,
  StructuredOutputStrategy,
  ToolChoice,
  ToolSpec,
  Usage,
} from '../model/model.js';
import { addUsage, emptyUsage } from '../model/usage.js';
import { judgeAnswer } from '../output/judge-answer.js';
import { finalAnswerToolName, type OutputPlan, planOutput } from '../output/output-plan.js';
import type { OutputSpec } from '../output/output-spec.js';
import { OutputValidationError } from '../output/output-validation-error.js';
import { PartialOutputReader } from '../output/partial-output-reader.js';
import { addCost, computeCost } from '../pricing/compute-cost.js';
import type { PriceTable } from '../pricing/prices.js';
import type { Tool } from '../tool/tool.js';
import { asAbortErrorIfAborted, raceAbort, throwIfAborted } from '../util/abort.js';
import { AsyncQueue } from '../util/async-queue.js';
import { newId } from '../util/id.js';
import { checkBudget, projectNextCall } from './budget.js';
import { executeTool, outcomeToContent, prepareToolCall } from './execute-tool-call.js';
import {
  type CompletedToolCall,
  type PendingApproval,
  plainMessages,
  plainOutput,
  type RunState,
} from './run-state.js';
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
  output: OutputSpec | undefined;
  outputStrategy: StructuredOutputStrategy | undefined;
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

function initialMessages(config: LoopConfig, input: RunInput, plan: OutputPlan | undefined): Message[] {
  const messages: Message[] = [];
  if (config.instructions) messages.push({ role: 'system', content: config.instructions });
  if (plan?.instruction) messages.push({ role: 'system', content: plan.instruction });
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
  options: RunOptions<unknown>,
  mode: 'generate' | 'stream',
  resume?: ResumePlan,
): AsyncGenerator<AgentEvent<unknown>, RunResult<unknown>> {
  const { signal } = options;
  const runId = resume?.state.runId ?? options.runId ?? newId('run');
  throwIfAborted(signal);
  const plan = outputPlanOf(config, options);
  const messages = resume ? [...resume.state.messages] : initialMessages(config, input, plan);
  const requestTools = plan?.answerTool ? [...(config.toolSpecs ?? []), plan.answerTool] : config.toolSpecs;
  // The final-answer function must be called: without tool_choice the model may answer in text.
  const requestToolChoice = plan?.answerTool ? (config.toolChoice ?? 'required') : config.toolChoice;
  let repairsLeft = 1;
  let output: { value: unknown } | undefined;
  let lastAnswer: { text: string; error: string } | undefined;
  const steps: StepResult[] = [];
  const toolResults: ToolResult[] = [];
  let usage: Usage = resume?.state.usage ?? emptyUsage();
  let cost: number | null = resume ? resume.state.cost : 0;
  let runState: RunState | undefined;
  let stopReason: StopReason = 'max-steps';
  let messagesAtPreviousCall = messages.length;
  yield { type: 'run-start', runId };

  try {
    if (resume) {
      // The stopped step: calls that ran keep their results, approved ones run now, rejected ones
      // become tool errors; then the loop goes on with the next step.
      const { state } = resume;
      const step = state.step;
      const finished: FinishedToolCall[] = state.completed.map((done) => ({
        index: done.index,
        result: completedToResult(done, step),
        content: done.content,
      }));
      const prepared = state.toolCalls.map((toolCall) => prepareToolCall(toolCall, config.toolsByName));
      const approved = new Set<number>();
      for (const pending of state.pending) {
        const index = state.toolCalls.findIndex((call) => call.toolCallId === pending.toolCallId);
        const decision = resume.decisions.get(pending.toolCallId);
        if (decision?.approve) approved.add(index);
        else finished.push(rejectedCall(index, prepared[index]!, step, decision?.reason));
      }
      for (const done of finished) yield { type: 'tool-result', step, result: done.result };
      const skip = new Set([...prepared.keys()].filter((index) => !approved.has(index)));
      for await (const done of runToolCalls(config, prepared, { runId, step, signal, messages }, skip)) {
        finished.push(done);
        yield { type: 'tool-result', step, result: done.result };
      }
      finished.sort((a, b) => a.index - b.index);
      appendToolResults(finished, messages, toolResults, undefined);
    }
    for (let step = (resume?.state.step ?? 0) + 1; step <= config.maxSteps; step++) {
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
      if (requestTools) request.tools = requestTools;
      if (requestToolChoice) request.toolChoice = requestToolChoice;
      if (config.settings) request.settings = config.settings;
      if (plan?.responseFormat) request.responseFormat = plan.responseFormat;
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
        const partials = plan ? new PartialOutputReader(plan, options.output ?? config.output) : undefined;
        // Raced against the signal like generate, so a stalled stream cannot outlive an abort.
        const parts = raceAbortIterable(
          composeStream(config.model, config.middleware, context)(request),
          signal,
        );
        for await (const part of parts) {
          collector.add(part);
          const partial = partials?.add(part);
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
          if (partial !== undefined) yield { type: 'partial-output', step, partial, validated: false };
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
      const verdict = plan ? judgeAnswer(plan, response) : undefined;
      const assistant: AssistantMessage = { role: 'assistant', content: response.text };
      const isAnswer = verdict !== undefined && verdict.kind !== 'tools';
      // A final-answer call ends the step: other calls beside it are not run, so not kept either.
      if (isAnswer && verdict.answerCall) assistant.toolCalls = [verdict.answerCall];
      else if (!isAnswer && response.toolCalls.length > 0) assistant.toolCalls = response.toolCalls;
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

      if (isAnswer) {
        steps.push(stepResult);
        yield { type: 'step-finish', step, result: stepResult, usage: stepUsage };
        if (verdict.kind === 'valid') {
          // Every call needs a result, or the conversation cannot be continued from result.messages.
          if (verdict.answerCall)
            messages.push({
              role: 'tool',
              toolCallId: verdict.answerCall.toolCallId,
              toolName: verdict.answerCall.toolName,
              content: 'Answer received.',
            });
          output = { value: verdict.data };
          stopReason = 'stop';
          break;
        }
        lastAnswer = { text: verdict.text, error: verdict.error };
        if (!verdict.repairable || repairsLeft === 0) {
          stopReason = stopReasonOf(response.finishReason);
          break;
        }
        repairsLeft--;
        const prompt = plan!.repairPrompt(verdict.error);
        if (verdict.answerCall) {
          messages.push({
            role: 'tool',
            toolCallId: verdict.answerCall.toolCallId,
            toolName: verdict.answerCall.toolName,
            content: `Error: ${prompt}`,
            isError: true,
          });
        } else {
          messages.push({ role: 'user', content: prompt });
        }
        continue;
      }

      if (response.toolCalls.length > 0) {
        for (const toolCall of response.toolCalls) yield { type: 'tool-call', step, toolCall };
        const prepared = response.toolCalls.map((toolCall) => prepareToolCall(toolCall, config.toolsByName));
        const waiting = await callsNeedingApproval(prepared);
        // Results go back in call order, whatever order they finished in (by position: ids may repeat).
        const finished: FinishedToolCall[] = [];
        const context = { runId, step, signal, messages };
        for await (const done of runToolCalls(config, prepared, context, waiting)) {
          finished[done.index] = done;
          yield { type: 'tool-result', step, result: done.result };
        }
        if (waiting.size > 0) {
          // Stop before anything waits on a human: what ran is kept, so resuming never runs it again.
          const ran = finished.filter(Boolean);
          for (const { result } of ran) {
            stepResult.toolResults.push(result);
            toolResults.push(result);
          }
          runState = stateOf({
            runId,
            step,
            messages,
            calls: response.toolCalls,
            ran,
            prepared,
            waiting,
            usage,
            cost,
          });
          steps.push(stepResult);
          yield { type: 'step-finish', step, result: stepResult, usage: stepUsage };
          stopReason = 'approval-required';
          break;
        }
        appendToolResults(finished, messages, toolResults, stepResult);
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

  if (plan && !output && !runState) {
    const issues = lastAnswer
      ? lastAnswer.error
      : `the run ended (stopReason "${stopReason}") before the model gave a typed answer`;
    throw new OutputValidationError({
      message: `The run did not produce a valid typed answer: ${issues}.${lastAnswer ? ' One repair round was tried.' : ''} Check the schema and the instructions, or raise maxSteps.`,
      text: lastAnswer?.text ?? steps.at(-1)?.text ?? '',
      issues,
      usage,
    });
  }
  const result: RunResult<unknown> = {
    runId,
    text: steps.at(-1)?.text ?? '',
    output: output?.value,
    steps,
    toolCalls: toolResults,
    usage,
    cost,
    messages,
    stopReason,
  };
  if (runState) {
    result.state = runState;
    result.pendingApprovals = runState.pending;
  }
  const last = steps.at(-1);
  if (stopReason === 'length' && last) {
    result.truncated = {
      step: last.step,
      maxTokens: config.settings?.maxTokens,
      outputTokens: last.usage.totalTokens > 0 ? last.usage.outputTokens : undefined,
    };
  }
  if (output) yield { type: 'output', step: steps.at(-1)?.step ?? 0, output: output.value };
  yield { type: 'run-finish', result, text: result.text, usage, cost };
  return result;
}

function outputPlanOf(config: LoopConfig, options: RunOptions<unknown>): OutputPlan | undefined {
  const spec = options.output ?? config.output;
  if (!spec) return undefined;
  if (typeof (spec as Partial<OutputSpec>).parse !== 'function' || typeof spec.jsonSchema !== 'object') {
    const isZod = typeof spec === 'object' && spec !== null && ('_zod' in spec || '_def' in spec);
    throw new InvalidOptionError(
      'output',
      isZod
        ? '`output` got a zod schema; wrap it once so its JSON Schema is made once: output: defineOutput({ schema }) from @toolloop/tools.'
        : '`output` must be an OutputSpec, e.g. defineOutput({ schema: z.object({ … }) }) from @toolloop/tools.',
    );
  }
  const strategy =
    options.outputStrategy ?? config.outputStrategy ?? config.model.structuredOutput ?? 'json-schema';
  if (strategy === 'tool' && config.toolsByName.has(finalAnswerToolName)) {
    throw new InvalidOptionError(
      'outputStrategy',
      `A tool is named "${finalAnswerToolName}", which the "tool" output strategy reserves for the typed answer. Rename the tool or use outputStrategy "json-schema" or "json".`,
    );
  }
  return planOutput(spec, strategy);
}

/** A stopped run's state and the human's decision per pending call id. */
export interface ResumePlan {
  state: RunState;
  decisions: ReadonlyMap<string, { approve: boolean; reason?: string }>;
}

/** Positions of the calls whose tool asks for approval (calls with invalid input never do: they fail as usual). */
async function callsNeedingApproval(calls: readonly PreparedToolCall[]): Promise<Set<number>> {
  const waiting = new Set<number>();
  for (const [index, call] of calls.entries()) {
    const rule = call.tool?.needsApproval;
    if (!rule || call.inputError) continue;
    const needed =
      rule === true ||
      (typeof rule === 'function' &&
        (await rule(call.input, { toolCallId: call.toolCallId, arguments: call.arguments })));
    if (needed) waiting.add(index);
  }
  return waiting;
}

function stateOf(parts: {
  runId: string;
  step: number;
  messages: readonly Message[];
  calls: ToolCall[];
  ran: readonly FinishedToolCall[];
  prepared: readonly PreparedToolCall[];
  waiting: ReadonlySet<number>;
  usage: Usage;
  cost: number | null;
}): RunState {
  const completed: CompletedToolCall[] = parts.ran.map(({ index, result, content }) => {
    const done: CompletedToolCall = {
      index,
      toolCallId: result.toolCallId,
      toolName: result.toolName,
      arguments: result.arguments,
      input: plainOutput(result.input),
      isError: result.isError,
      content,
      durationMs: result.durationMs,
    };
    const output = plainOutput(result.output);
    if (output !== undefined) done.output = output;
    return done;
  });
  const pending: PendingApproval[] = [...parts.waiting].map((index) => {
    const call = parts.prepared[index]!;
    return {
      toolCallId: call.toolCallId,
      toolName: call.toolName,
      arguments: call.arguments,
      input: plainOutput(call.input),
    };
  });
  return {
    version: 1,
    runId: parts.runId,
    step: parts.step,
    messages: plainMessages(parts.messages),
    toolCalls: parts.calls.map((call) => ({ ...call })),
    completed,
    pending,
    usage: { ...parts.usage },
    cost: parts.cost,
  };
}

function completedToResult(done: CompletedToolCall, step: number): ToolResult {
  const result: ToolResult = {
    toolCallId: done.toolCallId,
    toolName: done.toolName,
    arguments: done.arguments,
    input: done.input,
    isError: done.isError,
    durationMs: done.durationMs,
    step,
  };
  if (done.isError) {
    result.error = new ToolExecutionError(
      done.toolName,
      done.toolCallId,
      done.content.replace(/^Error: /, ''),
    );
  } else {
    result.output = done.output;
  }
  return result;
}

function rejectedCall(
  index: number,
  call: PreparedToolCall,
  step: number,
  reason: string | undefined,
): FinishedToolCall {
  const error = new ToolExecutionError(
    call.toolName,
    call.toolCallId,
    `A human rejected this call of "${call.toolName}"${reason ? `: ${reason.replace(/\.?$/, '.')}` : '.'} Do not retry it unchanged.`,
  );
  return {
    index,
    content: outcomeToContent({ isError: true, error }),
    result: {
      toolCallId: call.toolCallId,
      toolName: call.toolName,
      arguments: call.arguments,
      input: call.input,
      error,
      isError: true,
      durationMs: 0,
      step,
    },
  };
}

/** Appends a step's results, in call order, to the conversation and the run's (and step's) records. */
function appendToolResults(
  finished: readonly FinishedToolCall[],
  messages: Message[],
  toolResults: ToolResult[],
  stepResult: StepResult | undefined,
): void {
  for (const { result, content } of finished) {
    stepResult?.toolResults.push(result);
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
  calls: readonly PreparedToolCall[],
  context: ToolRunContext,
  skip: ReadonlySet<number>,
): AsyncGenerator<FinishedToolCall> {
  const toRun = [...calls.entries()].filter(([index]) => !skip.has(index));
  if (toRun.length === 0) return;
  // A queue only when the step has more calls than may run at once (rare): building one per step
  // is measurable on the hot path.
  const limit: <T>(task: () => Promise<T>) => Promise<T> =
    toRun.length > config.toolConcurrency ? pLimit(config.toolConcurrency) : (task) => task();
  const queue = new AsyncQueue<FinishedToolCall>();
  let pending = toRun.length;
  toRun.forEach(([index, call]) => {
    limit(async () => {
      if (context.signal?.aborted) return;
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
