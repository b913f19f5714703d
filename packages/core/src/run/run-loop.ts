import { BudgetExceededError } from '../errors/budget-exceeded-error.js';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import type { Message } from '../messages/message.js';
import type { FinishReason } from '../model/model.js';
import { emptyUsage } from '../model/usage.js';
import { type AnswerVerdict, judgeAnswer } from '../output/judge-answer.js';
import { finalAnswerToolName, type OutputPlan, planOutput } from '../output/output-plan.js';
import type { OutputSpec } from '../output/output-spec.js';
import { OutputValidationError } from '../output/output-validation-error.js';
import { asAbortErrorIfAborted, throwIfAborted } from '../signal/abort-error-from.js';
import { newId } from '../util/id.js';
import { accountStep } from './account-step.js';
import { completedToResult, rejectedCall } from './approval.js';
import { nextCallOverBudget } from './budget.js';
import { callModel } from './call-model.js';
import { prepareToolCall } from './execute-tool-call.js';
import type { FinishedToolCall } from './finished-tool-call.js';
import type { LoopConfig } from './loop-config.js';
import type { LoopState } from './loop-state.js';
import type { LoopYield } from './model-step-stream.js';
import type { RunState } from './run-state.js';
import { appendToolResults, runStepTools, runToolCalls, toolRunContext } from './run-tool-calls.js';
import type { AgentEvent, RunInput, RunOptions, RunResult, StepResult, StopReason } from './types.js';

export type { LoopConfig } from './loop-config.js';

/** A stopped run's state and the human's decision per pending call id. */
export interface ResumePlan {
  state: RunState;
  decisions: ReadonlyMap<string, { approve: boolean; reason?: string }>;
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

/** How the run asks for its typed answer (the run's spec over the agent's), or undefined. */
function outputPlanOf(config: LoopConfig, options: RunOptions<unknown>): OutputPlan | undefined {
  const spec = options.output ?? config.output;
  if (!spec) return undefined;
  if (typeof (spec as Partial<OutputSpec>).parse !== 'function' || typeof spec.jsonSchema !== 'object') {
    const isZod = typeof spec === 'object' && spec !== null && ('_zod' in spec || '_def' in spec);
    throw new InvalidOptionError({
      option: 'output',
      message: isZod
        ? '`output` got a zod schema; wrap it once so its JSON Schema is made once: output: defineOutput({ schema }) from @toolloop/tools.'
        : '`output` must be an OutputSpec, e.g. defineOutput({ schema: z.object({ … }) }) from @toolloop/tools.',
    });
  }
  const strategy =
    options.outputStrategy ?? config.outputStrategy ?? config.model.structuredOutput ?? 'json-schema';
  if (strategy === 'tool' && config.toolsByName.has(finalAnswerToolName)) {
    throw new InvalidOptionError({
      option: 'outputStrategy',
      message: `A tool is named "${finalAnswerToolName}", which the "tool" output strategy reserves for the typed answer. Rename the tool or use outputStrategy "json-schema" or "json".`,
    });
  }
  return planOutput(spec, strategy);
}

/** The loop's state at the start of a run, or of a resumed one. */
function startState(
  config: LoopConfig,
  input: RunInput,
  options: RunOptions<unknown>,
  resume: ResumePlan | undefined,
): LoopState {
  const plan = outputPlanOf(config, options);
  const messages = resume ? [...resume.state.messages] : initialMessages(config, input, plan);
  return {
    runId: resume?.state.runId ?? options.runId ?? newId('run'),
    middleware: options.middleware?.length
      ? [...options.middleware, ...config.middleware]
      : config.middleware,
    signal: options.signal,
    batchItem: options.batchItem,
    messages,
    steps: [],
    toolResults: [],
    usage: resume ? { ...resume.state.usage } : emptyUsage(),
    cost: resume ? resume.state.cost : 0,
    messagesAtPreviousCall: messages.length,
    plan,
    outputSpec: options.output ?? config.output,
    requestTools: plan?.answerTool ? [...(config.toolSpecs ?? []), plan.answerTool] : config.toolSpecs,
    // The final-answer function must be called: without tool_choice the model may answer in text.
    requestToolChoice: plan?.answerTool ? (config.toolChoice ?? 'required') : config.toolChoice,
  };
}

/**
 * The step a run stopped in for approval: calls that ran keep their results, approved ones run
 * now, rejected ones become tool errors the model reads; then the loop goes on with the next step.
 */
async function* finishStoppedStep(
  config: LoopConfig,
  state: LoopState,
  resume: ResumePlan,
  emit: boolean,
): AsyncGenerator<AgentEvent<unknown>> {
  const stopped = resume.state;
  const step = stopped.step;
  const finished: FinishedToolCall[] = stopped.completed.map((done) => ({
    index: done.index,
    result: completedToResult(done, step),
    content: done.content,
  }));
  const prepared = stopped.toolCalls.map((toolCall) => prepareToolCall(toolCall, config.toolsByName));
  const approved = new Set<number>();
  for (const pending of stopped.pending) {
    const index = stopped.toolCalls.findIndex((call) => call.toolCallId === pending.toolCallId);
    const decision = resume.decisions.get(pending.toolCallId);
    if (decision?.approve) approved.add(index);
    else finished.push(rejectedCall(index, prepared[index]!, step, decision?.reason));
  }
  if (emit) for (const done of finished) yield { type: 'tool-result', step, result: done.result };
  const skip = new Set([...prepared.keys()].filter((index) => !approved.has(index)));
  for await (const done of runToolCalls(config, prepared, toolRunContext(state, step), skip)) {
    finished.push(done);
    if (emit) yield { type: 'tool-result', step, result: done.result };
  }
  finished.sort((a, b) => a.index - b.index);
  appendToolResults(finished, state, undefined);
}

/** What a typed answer's verdict means for the loop: a result, a repair round, or the end. */
type AnswerOutcome = { done: true; output?: { value: unknown } } | { done: false };

/**
 * Acts on a response that is (or tried to be) the typed answer: a valid one ends the run with it;
 * an invalid one gets one repair round (the model is told what was wrong), then ends the run.
 */
function handleAnswer(
  state: LoopState,
  verdict: Exclude<AnswerVerdict, { kind: 'tools' }>,
  repair: { left: number; last?: { text: string; error: string } },
): AnswerOutcome {
  if (verdict.kind === 'valid') {
    // Every call needs a result, or the conversation cannot be continued from result.messages.
    if (verdict.answerCall) {
      state.messages.push({
        role: 'tool',
        toolCallId: verdict.answerCall.toolCallId,
        toolName: verdict.answerCall.toolName,
        content: 'Answer received.',
      });
    }
    return { done: true, output: { value: verdict.data } };
  }
  repair.last = { text: verdict.text, error: verdict.error };
  if (!verdict.repairable || repair.left === 0) return { done: true };
  repair.left--;
  const prompt = state.plan!.repairPrompt(verdict.error);
  if (verdict.answerCall) {
    state.messages.push({
      role: 'tool',
      toolCallId: verdict.answerCall.toolCallId,
      toolName: verdict.answerCall.toolName,
      content: `Error: ${prompt}`,
      isError: true,
    });
  } else {
    state.messages.push({ role: 'user', content: prompt });
  }
  return { done: false };
}

/** The run's result from its state and why it stopped; a `length` stop says where it was cut. */
function resultOf(
  config: LoopConfig,
  state: LoopState,
  stopReason: StopReason,
  output: { value: unknown } | undefined,
): RunResult<unknown> {
  const { runId, steps, usage, cost, messages } = state;
  const result: RunResult<unknown> = {
    runId,
    text: steps.at(-1)?.text ?? '',
    output: output?.value,
    steps,
    toolCalls: state.toolResults,
    usage,
    cost,
    messages,
    stopReason,
  };
  if (state.stopped) {
    result.state = state.stopped;
    result.pendingApprovals = state.stopped.pending;
  }
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
 * The model–tool loop, shared by `run()` (mode 'generate') and `stream()` (mode 'stream'), and by
 * `resume()` (with `resume`). Yields events (in stream mode only: run() reads none); returns the result. Each step: check the budget, call
 * the model (callModel), book the response (accountStep); a typed answer ends the run or gets a
 * repair round (handleAnswer); tool calls run (runStepTools) unless one needs approval, which
 * stops the run with a JSON state. A step without tool calls ends the run with the model's finish
 * reason; `maxSteps` steps end it with `max-steps`.
 */
export async function* runLoop(
  agentConfig: LoopConfig,
  input: RunInput,
  options: RunOptions<unknown>,
  mode: 'generate' | 'stream',
  resume?: ResumePlan,
): AsyncGenerator<LoopYield, RunResult<unknown>> {
  // RunOptions.model replaces the agent's model for this run; middleware, tools and prices stay.
  const config = options.model ? { ...agentConfig, model: options.model } : agentConfig;
  const { signal } = options;
  throwIfAborted(signal);
  const state = startState(config, input, options, resume);
  const repair: { left: number; last?: { text: string; error: string } } = { left: 1 };
  let output: { value: unknown } | undefined;
  let stopReason: StopReason = 'max-steps';
  // run() reads no events: in generate mode none is made, each would cost a pass through the generators.
  const emit = mode === 'stream';
  if (emit) yield { type: 'run-start', runId: state.runId };

  try {
    if (resume) yield* finishStoppedStep(config, state, resume, emit);
    for (let step = (resume?.state.step ?? 0) + 1; step <= config.maxSteps; step++) {
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
      if (emit) yield { type: 'step-start', runId: state.runId, step };

      const response = yield* callModel(config, state, step, mode);
      const verdict = state.plan ? judgeAnswer(state.plan, response) : undefined;
      const stepResult = accountStep(config, state, step, response, verdict);

      if (verdict && verdict.kind !== 'tools') {
        state.steps.push(stepResult);
        if (emit) yield { type: 'step-finish', step, result: stepResult, usage: stepResult.usage };
        const outcome = handleAnswer(state, verdict, repair);
        if (!outcome.done) continue;
        output = outcome.output;
        stopReason = output ? 'stop' : stopReasonOf(response.finishReason);
        break;
      }

      if (response.toolCalls.length > 0) {
        if (emit) for (const toolCall of response.toolCalls) yield { type: 'tool-call', step, toolCall };
        const waitsForApproval = yield* runStepTools(config, state, stepResult, response, emit);
        if (waitsForApproval) {
          state.steps.push(stepResult);
          if (emit) yield { type: 'step-finish', step, result: stepResult, usage: stepResult.usage };
          stopReason = 'approval-required';
          break;
        }
      }
      state.steps.push(stepResult);
      if (emit) yield { type: 'step-finish', step, result: stepResult, usage: stepResult.usage };

      if (response.toolCalls.length === 0) {
        stopReason = stopReasonOf(response.finishReason);
        break;
      }
    }
  } catch (error) {
    throw asAbortErrorIfAborted(error, signal);
  }

  if (state.plan && !output && !state.stopped) {
    const issues = repair.last
      ? repair.last.error
      : `the run ended (stopReason "${stopReason}") before the model gave a typed answer`;
    throw new OutputValidationError({
      message: `The run did not produce a valid typed answer: ${issues}.${repair.last ? ' One repair round was tried.' : ''} Check the schema and the instructions, or raise maxSteps.`,
      text: repair.last?.text ?? state.steps.at(-1)?.text ?? '',
      issues,
      usage: state.usage,
    });
  }
  const result = resultOf(config, state, stopReason, output);
  if (output && emit) yield { type: 'output', step: state.steps.at(-1)?.step ?? 0, output: output.value };
  if (emit) yield { type: 'run-finish', result, text: result.text, usage: result.usage, cost: result.cost };
  return result;
}

export type { StepResult };
