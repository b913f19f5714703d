import type { ModelCallContext, ModelRequest, ResponseSource, ToolCall, Usage } from '@toolloop/core';
import { billResponse } from '@toolloop/core';
import type { ErrorFields } from './error-fields.js';
import type { ModelCallRecord } from './records.js';

/** What the middleware observed about one model call. */
export interface ModelCallObservation {
  context: ModelCallContext;
  request: ModelRequest;
  timestamp: string;
  latencyMs: number;
  timeToFirstTokenMs: number | null;
  usage: Usage | undefined;
  finishReason: string | undefined;
  responseModel: string | undefined;
  responseId: string | undefined;
  failure: ErrorFields | undefined;
  output: { text: string; toolCalls: ToolCall[] } | undefined;
  logPrompts: boolean;
  /** Where the response came from (`cache` for a cache hit); billing reads it. */
  source: ResponseSource | undefined;
}

/** The record of one model call (not yet redacted: the middleware redacts every record it emits). */
export function buildModelCallRecord(observation: ModelCallObservation): ModelCallRecord {
  const { context, usage, failure } = observation;
  const cacheHit = observation.source === 'cache';
  // Set by @toolloop/retry when it wraps the call; read untyped, since logging does not depend on it.
  const retries = typeof context.metadata.retries === 'number' ? context.metadata.retries : 0;
  // Core's one billing rule, with the agent's own price table: the same cost the run reports.
  const { cost: costUSD } = billResponse(
    { usage, source: observation.source },
    { modelId: context.model.modelId, prices: context.prices },
  );
  const record: ModelCallRecord = {
    type: 'model-call',
    timestamp: observation.timestamp,
    runId: context.runId,
    step: context.step,
    provider: context.model.provider,
    model: context.model.modelId,
    responseModel: observation.responseModel ?? null,
    responseId: observation.responseId ?? null,
    streaming: context.streaming,
    latencyMs: round(observation.latencyMs),
    timeToFirstTokenMs:
      observation.timeToFirstTokenMs === null ? null : round(observation.timeToFirstTokenMs),
    status: failure?.status ?? 'ok',
    finishReason: observation.finishReason ?? null,
    inputTokens: usage?.inputTokens ?? null,
    cachedInputTokens: usage ? (usage.cachedInputTokens ?? 0) : null,
    outputTokens: usage?.outputTokens ?? null,
    totalTokens: usage?.totalTokens ?? null,
    reasoningTokens: usage?.reasoningTokens ?? null,
    costUSD,
    cacheHit,
    retries,
    errorCode: failure?.errorCode ?? null,
    errorMessage: failure?.errorMessage ?? null,
    httpStatus: failure?.httpStatus ?? null,
  };
  if (context.batchItem) {
    record.batchId = context.batchItem.batchId;
    record.customId = context.batchItem.customId;
  }
  if (observation.finishReason === 'length') {
    record.truncated = {
      maxTokens: observation.request.settings?.maxTokens ?? null,
      outputTokens: usage?.outputTokens ?? null,
    };
  }
  if (observation.logPrompts) {
    record.messages = observation.request.messages;
    if (observation.output) record.output = observation.output;
  }
  return record;
}

/** Durations to a tenth of a millisecond: finer is noise, and it keeps lines short. */
export function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
