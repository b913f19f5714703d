import type { Message, ToolCall } from '@toolloop/core';

/** How a call ended: `aborted` when the caller's signal fired or the consumer stopped a stream early. */
export type CallStatus = 'ok' | 'error' | 'aborted';

/**
 * One model call (one attempt chain as the outermost middleware sees it: retries inside it are
 * counted in `retries`, not logged twice). Token fields are `null` when the server reported no
 * usage (an aborted or cut stream); `costUSD` is `null` when the model has no known price.
 */
export interface ModelCallRecord {
  type: 'model-call';
  /** When the call started, ISO 8601 (UTC). */
  timestamp: string;
  runId: string;
  /** 1-based step of the run; 0 outside an agent run (wrapModel). */
  step: number;
  provider: string;
  /** The model id the call asked for (the one prices are looked up by). */
  model: string;
  /** The model id the server says answered (e.g. a dated snapshot), when it said. */
  responseModel: string | null;
  /** The provider's response id (`chatcmpl-…`), when known. */
  responseId: string | null;
  streaming: boolean;
  /** From the call's start until the response (or the stream's last part) arrived. */
  latencyMs: number;
  /** Streams only: from the call's start to the first text, refusal or tool-call part (null if none came). */
  timeToFirstTokenMs: number | null;
  status: CallStatus;
  /** The normalised finish reason (`stop`, `tool-calls`, …); null when the call failed before one arrived. */
  finishReason: string | null;
  /**
   * Present when the answer was cut off at its output limit (`finishReason: 'length'`): the
   * request's `maxTokens` (null when it set none and the server's own limit applied) and the
   * output tokens the server reported.
   */
  truncated?: { maxTokens: number | null; outputTokens: number | null };
  inputTokens: number | null;
  /** Input tokens served from the provider's prompt cache (billed at the cached rate). */
  cachedInputTokens: number | null;
  outputTokens: number | null;
  totalTokens: number | null;
  /** Hidden reasoning tokens (included in outputTokens), when the provider reports them. */
  reasoningTokens: number | null;
  /**
   * USD from the price table (`null` when the model is unknown or no usage arrived). A cache hit
   * costs 0: nothing was billed; its token counts are those of the stored response.
   */
  costUSD: number | null;
  /** `context.metadata.cacheHit`, set by the cache middleware. */
  cacheHit: boolean;
  /** `context.metadata.retries`, set by the retry middleware. */
  retries: number;
  /** A toolloop error code (`api-call`, `timeout`, `stream-interrupted`, …) or the error's name. */
  errorCode: string | null;
  /** The error's message with secrets redacted. */
  errorMessage: string | null;
  /** The HTTP status of a failed API call, when there was one. */
  httpStatus: number | null;
  /** The request messages: only with `logPrompts: true` (secrets redacted, image bytes elided). */
  messages?: Message[];
  /** The answer: only with `logPrompts: true`. */
  output?: { text: string; toolCalls: ToolCall[] };
  /** The batch (local or provider) whose item this call's run is (`RunOptions.batchItem`); absent outside a batch. */
  batchId?: string | null;
  /** The batch item's `custom_id`; absent outside a batch. */
  customId?: string | null;
}

/** One tool execution. */
export interface ToolCallRecord {
  type: 'tool-call';
  /** When the execution started, ISO 8601 (UTC). */
  timestamp: string;
  runId: string;
  step: number;
  toolCallId: string;
  /** The tool's name as the model called it. */
  toolName: string;
  durationMs: number;
  status: CallStatus;
  /** True when the call failed (a failure fed back to the model has status `error`). */
  isError: boolean;
  errorCode: string | null;
  errorMessage: string | null;
  /** The model's raw JSON arguments: only with `logPrompts: true`. */
  arguments?: string;
  /** What the tool returned: only with `logPrompts: true`. */
  output?: unknown;
  /** The batch (local or provider) whose item this call's run is (`RunOptions.batchItem`); absent outside a batch. */
  batchId?: string | null;
  /** The batch item's `custom_id`; absent outside a batch. */
  customId?: string | null;
}

/** What sinks receive. */
export type LogRecord = ModelCallRecord | ToolCallRecord;
