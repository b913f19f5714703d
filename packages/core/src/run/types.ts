import type { Message, ToolCall } from '../messages/message.js';
import type { Middleware } from '../middleware/middleware.js';
import type {
  FinishReason,
  Model,
  ModelSettings,
  StructuredOutputStrategy,
  ToolChoice,
  Usage,
} from '../model/model.js';
import type { DeepPartial, OutputSpec } from '../output/output-spec.js';
import type { PriceTable } from '../pricing/prices.js';
import type { Tool } from '../tool/tool.js';
import type { BatchItemRef } from './batch-item-ref.js';
import type { PendingApproval, ResumeOptions, RunState } from './run-state.js';

/** Limits that end a run early with stopReason `budget-exceeded` instead of overspending. */
export interface Budget {
  /** Stop before a model call that would take the run's total tokens past this. */
  maxTotalTokens?: number;
  /** Stop before a model call that would take the run's cost past this (needs a known price). */
  maxCostUSD?: number;
  /**
   * What happens when the next call would go over: `'stop'` (default) ends the run with stopReason
   * `budget-exceeded` and its result so far; `'throw'` rejects with BudgetExceededError.
   */
  onExceeded?: 'stop' | 'throw';
}

/** Configuration of createAgent: the model, its tools and middleware, and the run's limits. */
export interface AgentOptions<Output = undefined> {
  model: Model;
  /** The system message, sent first in every model call. */
  instructions?: string;
  tools?: readonly Tool[];
  /** Outermost first. */
  middleware?: readonly Middleware[];
  /** Model calls per run at most (default 10). */
  maxSteps?: number;
  /** Generation settings sent with every model call of a run. */
  settings?: ModelSettings;
  /** Whether and which tool the model must call; applies to every step. */
  toolChoice?: ToolChoice;
  /** Tool calls of one step that run at once (default 8). */
  toolConcurrency?: number;
  budget?: Budget;
  /** Extra or overriding prices, merged over the default table. */
  prices?: PriceTable;
  /**
   * A typed final answer (`defineOutput(zodSchema)` from `@toolloop/tools`): every run returns it
   * validated in `result.output`. Tools run as usual; the typed answer is the last step.
   */
  output?: OutputSpec<Output>;
  /** How to ask for `output`; defaults to the model's `structuredOutput` (else `json-schema`). */
  outputStrategy?: StructuredOutputStrategy;
}

/** A user prompt, or a whole conversation to continue (e.g. a previous run's `messages`). */
export type RunInput = string | readonly Message[];

/** Per-run options of `agent.run()` and `agent.stream()`; `output` overrides the agent's. */
export interface RunOptions<Output = never> {
  /** A typed final answer for this run only (see AgentOptions.output). */
  output?: OutputSpec<Output>;
  /** How to ask for it (see AgentOptions.outputStrategy). */
  outputStrategy?: StructuredOutputStrategy;
  /** Aborts the run; the in-flight model call and running tools receive it too. */
  signal?: AbortSignal;
  /** Defaults to a random `run_…` id. */
  runId?: string;
  /**
   * Middleware for this run only, placed outside the agent's own (outermost first). For what
   * belongs to one run: a trace id, a journal that replays a resumed batch item.
   */
  middleware?: readonly Middleware[];
  /**
   * A model for this run only, in place of the agent's; the agent's middleware, tools and prices
   * still apply (e.g. a cheaper model for one call, or the round model of a provider batch).
   */
  model?: Model;
  /** Set by @toolloop/batch: the batch and custom_id this run belongs to; logged with every call. */
  batchItem?: BatchItemRef;
}

/** Why a run ended without throwing. */
export type StopReason =
  /** The model gave a final answer. */
  | 'stop'
  /** The model hit its output token limit. */
  | 'length'
  /** The provider's content filter cut the answer. */
  | 'content-filter'
  /** `maxSteps` model calls were made and the model still wanted to call tools. */
  | 'max-steps'
  /** The next model call would have gone over `budget`, so it was not made. */
  | 'budget-exceeded'
  /** A tool call needs a human's approval: see `pendingApprovals`, store `state`, call `agent.resume()`. */
  | 'approval-required'
  /** The provider gave a finish reason toolloop does not map (see the last step's `finishReason`). */
  | 'other';

/** The outcome of one tool call. */
export interface ToolResult {
  toolCallId: string;
  toolName: string;
  /** The model's raw JSON arguments. */
  arguments: string;
  /** Validated input, or undefined when the arguments were invalid. */
  input: unknown;
  /** What execute returned; unset when the call failed. */
  output?: unknown;
  /** Why the call failed (e.g. ToolInputError, NoSuchToolError, ToolExecutionError); set when `isError`. */
  error?: Error;
  isError: boolean;
  durationMs: number;
  step: number;
}

/** One step of a run: a model call and the tool calls it asked for. */
export interface StepResult {
  step: number;
  text: string;
  toolCalls: ToolCall[];
  toolResults: ToolResult[];
  finishReason: FinishReason;
  /** Usage of this step's model call (zeros when the server sent none). */
  usage: Usage;
  /** Cost of this step in USD, `null` when the model has no known price; 0 for a cache hit. */
  cost: number | null;
  /** The response came from a cache (no tokens billed; `usage` shows what the stored response used). */
  cacheHit: boolean;
}

/** What `agent.run()` resolves with: the final answer, each step, usage and cost. */
export interface RunResult<Output = undefined> {
  runId: string;
  /** The final answer (the last step's text). */
  text: string;
  /** The typed answer, validated against `output` (undefined when the run asked for none). */
  output: Output;
  steps: StepResult[];
  /** Every tool call of the run, in order. */
  toolCalls: ToolResult[];
  /** Tokens billed across the run's model calls (cache hits add none). */
  usage: Usage;
  /** Total cost in USD; `null` when any step's model has no known price. */
  cost: number | null;
  /** The whole conversation, including the system message, tool calls and results. */
  messages: Message[];
  stopReason: StopReason;
  /** The calls waiting for approval (stopReason `approval-required`). */
  pendingApprovals?: PendingApproval[];
  /** The stopped run as JSON-safe data, for `agent.resume(state, { approve, reject })` (stopReason `approval-required`). */
  state?: RunState;
  /**
   * Set when the final answer was cut off at its output limit (`stopReason: 'length'`): the step,
   * the run's `maxTokens` (undefined when none was set and the server's own limit applied) and the
   * output tokens the server reported. Raise `maxTokens` or ask for a shorter answer.
   */
  truncated?: { step: number; maxTokens: number | undefined; outputTokens: number | undefined };
}

/** Events of `agent.stream()`, in order. */
export type AgentEvent<Output = undefined> =
  | { type: 'run-start'; runId: string }
  | { type: 'step-start'; runId: string; step: number }
  | { type: 'text-delta'; step: number; delta: string }
  | {
      type: 'tool-call-delta';
      step: number;
      index: number;
      toolCallId: string;
      toolName: string;
      argumentsDelta: string;
    }
  | { type: 'tool-call'; step: number; toolCall: ToolCall }
  | { type: 'tool-result'; step: number; result: ToolResult }
  | { type: 'step-finish'; step: number; result: StepResult; usage: Usage }
  /** The typed answer so far, parsed from the JSON that has arrived: not validated, any part may be missing. */
  | { type: 'partial-output'; step: number; partial: DeepPartial<Output>; validated: false }
  /** The typed answer, validated (just before `run-finish`). */
  | { type: 'output'; step: number; output: Output }
  | { type: 'run-finish'; result: RunResult<Output>; text: string; usage: Usage; cost: number | null }
  | { type: 'error'; error: unknown };

/** A configured agent made by createAgent; run it as often as you like, each run is independent. */
export interface Agent<Output = undefined> {
  /** Runs the loop to the end and resolves with the result (`output` typed from the schema given). */
  run<RunOutput = Output>(input: RunInput, options?: RunOptions<RunOutput>): Promise<RunResult<RunOutput>>;
  /**
   * Runs the same loop, streaming: yields events as they happen. On failure it yields an `error`
   * event, then the iterator throws the same error.
   */
  stream<RunOutput = Output>(
    input: RunInput,
    options?: RunOptions<RunOutput>,
  ): AsyncIterable<AgentEvent<RunOutput>>;
  /**
   * Continues a run that stopped with `approval-required`: approved calls run, rejected ones go
   * back to the model as tool errors with the reason, calls that already ran are not run again.
   * `state` may come from another process (`JSON.parse` of a stored `result.state`).
   */
  resume(state: RunState, options: ResumeOptions): Promise<RunResult<Output>>;
  /** `resume`, streaming. */
  resumeStream(state: RunState, options: ResumeOptions): AsyncIterable<AgentEvent<Output>>;
  readonly tools: readonly Tool[];
  readonly model: Model;
}
