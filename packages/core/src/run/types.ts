import type { Message, ToolCall } from '../messages/message.js';
import type { Middleware } from '../middleware/middleware.js';
import type { FinishReason, Model, ModelSettings, ToolChoice, Usage } from '../model/model.js';
import type { PriceTable } from '../pricing/prices.js';
import type { Tool } from '../tool/tool.js';

export interface Budget {
  /** Stop before a model call that would take the run's total tokens past this. */
  maxTotalTokens?: number;
  /** Stop before a model call that would take the run's cost past this (needs a known price). */
  maxCostUSD?: number;
}

export interface AgentOptions {
  model: Model;
  /** The system message, sent first in every model call. */
  instructions?: string;
  tools?: readonly Tool[];
  /** Outermost first. */
  middleware?: readonly Middleware[];
  /** Model calls per run at most (default 10). */
  maxSteps?: number;
  settings?: ModelSettings;
  toolChoice?: ToolChoice;
  /** Tool calls of one step that run at once (default 8). */
  toolConcurrency?: number;
  budget?: Budget;
  /** Extra or overriding prices, merged over the default table. */
  prices?: PriceTable;
}

export type RunInput = string | readonly Message[];

export interface RunOptions {
  signal?: AbortSignal;
  /** Defaults to a random `run_…` id. */
  runId?: string;
}

export type StopReason =
  /** The model gave a final answer. */
  | 'stop'
  /** The model hit its output token limit. */
  | 'length'
  | 'content-filter'
  | 'max-steps'
  | 'budget-exceeded'
  | 'other';

/** The outcome of one tool call. */
export interface ToolResult {
  toolCallId: string;
  toolName: string;
  /** Validated input, or undefined when the arguments were invalid. */
  input: unknown;
  rawArguments: string;
  output?: unknown;
  error?: Error;
  isError: boolean;
  durationMs: number;
  step: number;
}

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

export interface RunResult {
  runId: string;
  /** The final answer (the last step's text). */
  text: string;
  steps: StepResult[];
  /** Every tool call of the run, in order. */
  toolCalls: ToolResult[];
  /** Tokens billed across the run's model calls (cache hits add none). */
  usage: Usage;
  cost: number | null;
  /** The whole conversation, including the system message, tool calls and results. */
  messages: Message[];
  stopReason: StopReason;
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
