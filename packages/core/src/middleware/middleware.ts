import type { ToolloopError } from '../errors/toolloop-error.js';
import type { CallOptions, Model, ModelRequest, ModelResponse, StreamPart } from '../model/model.js';
import type { PriceTable } from '../pricing/prices.js';
import type { BatchItemRef } from '../run/batch-item-ref.js';
import type { Tool } from '../tool/tool.js';

/**
 * Notes that middleware leave for each other on one model call. Core reads none of them; each
 * middleware declares its own keys by declaration merging, e.g. `@toolloop/retry` declares
 * `retries` (the logging middleware records it):
 * @example declare module '@toolloop/core' { interface ModelCallMetadata { myTraceId?: string } }
 */
export interface ModelCallMetadata {
  [key: string]: unknown;
}

/** What a model middleware knows about the call it wraps. A fresh object per model call. */
export interface ModelCallContext {
  readonly runId: string;
  /** 1-based step of the run (0 outside an agent run). */
  readonly step: number;
  readonly model: Model;
  readonly streaming: boolean;
  /** The run's abort signal. A hook's own call may carry a narrower one: see its `options.signal`. */
  readonly signal: AbortSignal | undefined;
  /** The agent's price table (defaults merged with `AgentOptions.prices`), so every layer bills alike. */
  readonly prices: PriceTable;
  /** The batch item the run belongs to (`RunOptions.batchItem`); undefined outside a batch. */
  readonly batchItem: BatchItemRef | undefined;
  readonly metadata: ModelCallMetadata;
}

/** Calls the next middleware inward (the model itself at the end); a middleware may call it again to retry. */
export type GenerateNext = (request: ModelRequest, options?: CallOptions) => Promise<ModelResponse>;
/** The streaming counterpart of GenerateNext: returns the inner layers' stream parts. */
export type StreamNext = (request: ModelRequest, options?: CallOptions) => AsyncIterable<StreamPart>;

/** One tool call on its way to execution: arguments already parsed and validated when possible. */
export interface PreparedToolCall {
  toolCallId: string;
  toolName: string;
  /** The model's raw JSON text. */
  arguments: string;
  /** The validated input (defaults applied); undefined when `inputError` is set. */
  input: unknown;
  /** The tool, or undefined when the model named a tool the agent lacks. */
  tool: Tool | undefined;
  /** Why the call cannot run (no such tool, invalid JSON, schema failure); `next` returns it as the outcome. */
  inputError?: ToolloopError;
}

/** How a tool call ended; a failure is returned rather than thrown so it can be fed back to the model. */
export type ToolOutcome = { isError: false; output: unknown } | { isError: true; error: Error };

/** What a tool middleware knows about the run a tool call belongs to. */
export interface ToolCallContext {
  readonly runId: string;
  readonly step: number;
  /** The run's model (for its `redact`, say). */
  readonly model: Model;
  /** Fires when the run is aborted. */
  readonly signal: AbortSignal | undefined;
  /** The batch item the run belongs to (`RunOptions.batchItem`); undefined outside a batch. */
  readonly batchItem: BatchItemRef | undefined;
  /** Scratch space shared by the tool middleware on this one call. */
  readonly metadata: Record<string, unknown>;
}

/** Runs the inner tool middleware and then the tool; may be called with a changed `call`. */
export type ToolNext = (call: PreparedToolCall) => Promise<ToolOutcome>;

/**
 * Middleware: a plain object. `generate`/`stream` wrap model calls, `tool` wraps tool executions;
 * each receives `next` and may short-circuit by not calling it. Listed outermost first.
 * A middleware with only `generate` also applies to streaming calls: see docs/middleware.md.
 */
export interface Middleware {
  /** A label (`'retry'`, `'cache'`) for debugging and introspection; core does not interpret it. */
  name: string;
  /**
   * Wraps a model call. `options` are the ones this call was made with: `options.signal` is the
   * effective signal of this call (a per-attempt one when an outer retry set it, else the run's).
   */
  generate?(
    request: ModelRequest,
    next: GenerateNext,
    context: ModelCallContext,
    options: CallOptions,
  ): Promise<ModelResponse>;
  /** The streaming counterpart of `generate`, with the same `options`. */
  stream?(
    request: ModelRequest,
    next: StreamNext,
    context: ModelCallContext,
    options: CallOptions,
  ): AsyncIterable<StreamPart>;
  tool?(call: PreparedToolCall, next: ToolNext, context: ToolCallContext): Promise<ToolOutcome>;
}
