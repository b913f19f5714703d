import type { ModelCallContext, ModelRequest, PriceTable, ToolCall, Usage } from '@toolloop/core';
import { computeCost } from '@toolloop/core';
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
  prices: PriceTable;
}

/** The record of one model call (not yet redacted: the middleware redacts every record it emits). */
export function buildModelCallRecord(observation: ModelCallObservation): ModelCallRecord {
  const { context, usage, failure } = observation;
  const cacheHit = context.metadata.cacheHit === true;
  const retries = typeof context.metadata.retries === 'number' ? context.metadata.retries : 0;
  // A cache hit was not billed (usage or not); a call without usage has an unknown cost, never a guessed one.
  const costUSD = cacheHit
    ? 0
    : !usage
      ? null
      : computeCost(context.model.modelId, usage, observation.prices);
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
