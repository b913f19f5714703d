import type { Message, ToolCall } from '../messages/message.js';
import type { Middleware } from '../middleware/middleware.js';
import type { FinishReason, Model, ModelSettings, ToolChoice, Usage } from '../model/model.js';
import type { PriceTable } from '../pricing/prices.js';
import type { Tool } from '../tool/tool.js';

/** Limits that end a run early with stopReason `budget-exceeded` instead of overspending. */
export interface Budget {
  /** Stop before a model call that would take the run's total tokens past this. */
  maxTotalTokens?: number;
  /** Stop before a model call that would take the run's cost past this (needs a known price). */
  maxCostUSD?: number;
}

/** Configuration of createAgent: the model, its tools and middleware, and the run's limits. */
export interface AgentOptions {
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
}

/** A user prompt, or a whole conversation to continue (e.g. a previous run's `messages`). */
export type RunInput = string | readonly Message[];

/** Per-run options of `agent.run()` and `agent.stream()`. */
export interface RunOptions {
  /** Aborts the run; the in-flight model call and running tools receive it too. */
  signal?: AbortSignal;
  /** Defaults to a random `run_…` id. */
  runId?: string;
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
export interface RunResult {
  runId: string;
  /** The final answer (the last step's text). */
  text: string;
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
  /**
   * Set when the final answer was cut off at its output limit (`stopReason: 'length'`): the step,
   * the run's `maxTokens` (undefined when none was set and the server's own limit applied) and the
   * output tokens the server reported. Raise `maxTokens` or ask for a shorter answer.
   */
  truncated?: { step: number; maxTokens: number | undefined; outputTokens: number | undefined };
}

/** Events of `agent.stream()`, in order. */
export type AgentEvent =
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
  | { type: 'run-finish'; result: RunResult; text: string; usage: Usage; cost: number | null }
  | { type: 'error'; error: unknown };

/** A configured agent made by createAgent; run it as often as you like, each run is independent. */
export interface Agent {
  /** Runs the loop to the end and resolves with the result. */
  run(input: RunInput, options?: RunOptions): Promise<RunResult>;
  /**
   * Runs the same loop, streaming: yields events as they happen. On failure it yields an `error`
   * event, then the iterator throws the same error.
   */
  stream(input: RunInput, options?: RunOptions): AsyncIterable<AgentEvent>;
  readonly tools: readonly Tool[];
  readonly model: Model;
}
