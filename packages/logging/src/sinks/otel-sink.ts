import { loadOptional } from '@toolloop/core/internal';
import type { LogRecord, ModelCallRecord, ToolCallRecord } from '../records/records.js';
import type { Sink } from './sink.js';

type AttributeValue = string | number | boolean | string[];

/** The part of an OpenTelemetry `Span` this sink uses (structural, so our types need no OTel install). */
export interface OtelSpanLike {
  setStatus(status: { code: number; message?: string }): unknown;
  end(endTime?: Date): void;
}

/** The part of an OpenTelemetry `Tracer` this sink uses; any `@opentelemetry/api` tracer fits. */
export interface OtelTracerLike {
  startSpan(
    name: string,
    options?: { kind?: number; startTime?: Date; attributes?: Record<string, AttributeValue> },
  ): OtelSpanLike;
}

/** Options of otelSink; pass a `tracer` to use a provider other than the global one. */
export interface OtelSinkOptions {
  /** Default: `trace.getTracer('@toolloop/logging')` from `@opentelemetry/api` (imported on first record). */
  tracer?: OtelTracerLike;
}

// Numeric values of @opentelemetry/api's SpanKind and SpanStatusCode, stable since 1.0.
const spanKindInternal = 0;
const spanKindClient = 2;
const statusError = 2;

function modelSpan(tracer: OtelTracerLike, record: ModelCallRecord): void {
  const attributes: Record<string, AttributeValue> = {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': record.provider,
    'gen_ai.system': record.provider,
    'gen_ai.request.model': record.model,
    'toolloop.run_id': record.runId,
    'toolloop.step': record.step,
    'toolloop.streaming': record.streaming,
    'toolloop.cache_hit': record.cacheHit,
    'toolloop.retries': record.retries,
  };
  if (record.responseModel !== null) attributes['gen_ai.response.model'] = record.responseModel;
  if (record.responseId !== null) attributes['gen_ai.response.id'] = record.responseId;
  if (record.finishReason !== null) attributes['gen_ai.response.finish_reasons'] = [record.finishReason];
  if (record.inputTokens !== null) attributes['gen_ai.usage.input_tokens'] = record.inputTokens;
  if (record.outputTokens !== null) attributes['gen_ai.usage.output_tokens'] = record.outputTokens;
  if (record.cachedInputTokens !== null)
    attributes['toolloop.usage.cached_input_tokens'] = record.cachedInputTokens;
  if (record.costUSD !== null) attributes['toolloop.cost_usd'] = record.costUSD;
  if (record.timeToFirstTokenMs !== null)
    attributes['toolloop.time_to_first_token_ms'] = record.timeToFirstTokenMs;
  if (record.httpStatus !== null) attributes['http.response.status_code'] = record.httpStatus;
  if (record.messages) attributes['gen_ai.input.messages'] = JSON.stringify(record.messages);
  if (record.output) attributes['gen_ai.output.messages'] = JSON.stringify(record.output);
  if (record.status !== 'ok') {
    attributes['error.type'] =
      record.httpStatus !== null ? String(record.httpStatus) : (record.errorCode ?? 'error');
  }
  emit(tracer, `chat ${record.model}`, spanKindClient, attributes, record, record.latencyMs);
}

function toolSpan(tracer: OtelTracerLike, record: ToolCallRecord): void {
  const attributes: Record<string, AttributeValue> = {
    'gen_ai.operation.name': 'execute_tool',
    'gen_ai.tool.name': record.toolName,
    'gen_ai.tool.call.id': record.toolCallId,
    'gen_ai.tool.type': 'function',
    'toolloop.run_id': record.runId,
    'toolloop.step': record.step,
  };
  if (record.arguments !== undefined) attributes['gen_ai.tool.call.arguments'] = record.arguments;
  if (record.output !== undefined)
    attributes['gen_ai.tool.call.result'] = JSON.stringify(record.output) ?? 'undefined';
  if (record.isError) attributes['error.type'] = record.errorCode ?? 'error';
  emit(tracer, `execute_tool ${record.toolName}`, spanKindInternal, attributes, record, record.durationMs);
}

function emit(
  tracer: OtelTracerLike,
  name: string,
  kind: number,
  attributes: Record<string, AttributeValue>,
  record: LogRecord,
  durationMs: number,
): void {
  const startTime = new Date(record.timestamp);
  if (record.batchId != null) attributes['toolloop.batch_id'] = record.batchId;
  if (record.customId != null) attributes['toolloop.custom_id'] = record.customId;
  const span = tracer.startSpan(name, { kind, startTime, attributes });
  if (record.status !== 'ok') {
    const status: { code: number; message?: string } = { code: statusError };
    if (record.errorMessage) status.message = record.errorMessage;
    span.setStatus(status);
  }
  span.end(new Date(startTime.getTime() + durationMs));
}

/**
 * Records as OpenTelemetry spans following the GenAI semantic conventions: `chat {model}` per
 * model call and `execute_tool {name}` per tool call, with start and end times of the call.
 * `@opentelemetry/api` is an optional peer, imported on the first record unless you pass `tracer`.
 * @example logging({ sink: otelSink({ tracer: trace.getTracer('my-app') }) })
 */
export function otelSink(options: OtelSinkOptions = {}): Sink {
  let tracer: OtelTracerLike | undefined = options.tracer;
  let loading: Promise<OtelTracerLike> | undefined;

  function write(current: OtelTracerLike, record: LogRecord): void {
    if (record.type === 'model-call') modelSpan(current, record);
    else toolSpan(current, record);
  }

  return {
    write(record) {
      if (tracer) return write(tracer, record);
      loading ??= loadOptional<typeof import('@opentelemetry/api')>('@opentelemetry/api', {
        feature: 'otelSink',
        requiredBy: '@toolloop/logging',
        load: (name) => import(name),
      }).then((api) => {
        tracer = api.trace.getTracer('@toolloop/logging') as unknown as OtelTracerLike;
        return tracer;
      });
      return loading.then((loaded) => write(loaded, record));
    },
  };
}
