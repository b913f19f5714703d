import type {
  GenerateNext,
  Middleware,
  ModelCallContext,
  ModelRequest,
  ModelResponse,
  PriceTable,
  StreamNext,
  StreamPart,
  ToolCall,
  ToolCallContext,
  ToolCallInfo,
  ToolNext,
  ToolOutcome,
} from '@toolloop/core';
import { defaultPrices, InvalidOptionError, redactSecrets } from '@toolloop/core';
import { buildModelCallRecord, type ModelCallObservation, round } from '../records/build-records.js';
import { type ErrorFields, errorFields } from '../records/error-fields.js';
import type { LogRecord, ToolCallRecord } from '../records/records.js';
import { redactValue } from '../records/redact-value.js';
import { consoleSink } from '../sinks/console-sink.js';
import type { Sink } from '../sinks/sink.js';
import { SinkDispatcher, type SinkErrorHandler } from './sink-dispatcher.js';

export interface LoggingOptions {
  /** One sink or several (default: `consoleSink()` on stderr). */
  sink?: Sink | readonly Sink[];
  /** `'info'` logs every call; `'error'` only failed and aborted ones. Default `'info'`. */
  level?: 'info' | 'error';
  /** Log request messages, answers, tool arguments and outputs (secrets still redacted). Default false. */
  logPrompts?: boolean;
  /** Prices merged over core's `defaultPrices` (USD per 1M tokens). */
  prices?: PriceTable;
  /** Literal strings to redact besides `sk-…` keys and `Bearer …` tokens (e.g. a custom gateway key). */
  secrets?: readonly string[];
  /** Called when a sink fails; the model call goes on. Default: one process warning. */
  onError?: SinkErrorHandler;
  /** Millisecond clock for durations (default `performance.now`); inject one in tests. */
  now?: () => number;
}

/** The logging middleware: model and tool hooks, plus `flush` and `close` for its sinks. */
export interface LoggingMiddleware extends Middleware {
  generate(request: ModelRequest, next: GenerateNext, context: ModelCallContext): Promise<ModelResponse>;
  stream(request: ModelRequest, next: StreamNext, context: ModelCallContext): AsyncIterable<StreamPart>;
  tool(call: ToolCallInfo, next: ToolNext, context: ToolCallContext): Promise<ToolOutcome>;
  /** Waits for every record written so far to reach its sinks. */
  flush(): Promise<void>;
  /** Flushes, then closes the sinks (the JSONL file, the SQLite connection). */
  close(): Promise<void>;
}

function warnOnce(): SinkErrorHandler {
  let warned = false;
  return function reportSinkError(error) {
    if (warned) return;
    warned = true;
    const message = redactSecrets(error instanceof Error ? error.message : String(error));
    process.emitWarning(
      `A @toolloop/logging sink failed (${message}); the model call went on. Further sink failures are not reported: pass onError to see them.`,
      { code: 'TOOLLOOP_LOG_SINK' },
    );
  };
}

/**
 * Usage, cost and request logging as middleware: one record per model call and per tool call.
 * Put it outermost so it sees the cache and retry notes: `[logging(), cache(…), retry()]`.
 * @example
 * const log = logging({ sink: [consoleSink(), sqliteUsageStore({ path: 'usage.db' })] });
 * const agent = createAgent({ model, middleware: [log, retry()] });
 * // … at shutdown:
 * await log.close();
 */
export function logging(options: LoggingOptions = {}): LoggingMiddleware {
  const {
    sink = consoleSink(),
    level = 'info',
    logPrompts = false,
    prices,
    secrets = [],
    onError = warnOnce(),
    now = () => performance.now(),
  } = options;
  if (level !== 'info' && level !== 'error') {
    throw new InvalidOptionError(
      'level',
      `logging({ level }) must be 'info' or 'error', got ${JSON.stringify(level)}.`,
    );
  }
  const sinks: readonly Sink[] = Array.isArray(sink) ? sink : [sink as Sink];
  sinks.forEach((candidate, index) => {
    if (!candidate || typeof candidate.write !== 'function') {
      throw new InvalidOptionError(
        'sink',
        `logging({ sink }) entry ${index} has no write(record) method. Pass consoleSink(), jsonlSink({ path }), sqliteUsageStore({ path }), otelSink() or your own { write }.`,
      );
    }
  });
  const table: PriceTable = prices ? { ...defaultPrices, ...prices } : defaultPrices;
  const dispatcher = new SinkDispatcher(sinks, onError);

  function emit(record: LogRecord): void {
    if (level === 'error' && record.status === 'ok') return;
    dispatcher.write(redactValue(record, secrets) as LogRecord);
  }

  function observation(context: ModelCallContext, request: ModelRequest): ModelCallObservation {
    return {
      context,
      request,
      timestamp: new Date().toISOString(),
      latencyMs: 0,
      timeToFirstTokenMs: null,
      usage: undefined,
      finishReason: undefined,
      responseModel: undefined,
      responseId: undefined,
      failure: undefined,
      output: undefined,
      logPrompts,
      prices: table,
    };
  }

  return {
    name: 'logging',

    async generate(request, next, context) {
      const seen = observation(context, request);
      const started = now();
      try {
        const response = await next(request);
        seen.latencyMs = now() - started;
        seen.usage = response.usage;
        seen.finishReason = response.finishReason;
        seen.responseModel = response.response?.modelId;
        seen.responseId = response.response?.id;
        if (logPrompts) seen.output = { text: response.text, toolCalls: response.toolCalls };
        emit(buildModelCallRecord(seen));
        return response;
      } catch (error) {
        seen.latencyMs = now() - started;
        seen.failure = errorFields(error, context.signal, secrets);
        emit(buildModelCallRecord(seen));
        throw error;
      }
    },

    async *stream(request, next, context) {
      const seen = observation(context, request);
      const started = now();
      let text = '';
      const toolCalls: ToolCall[] = [];
      let failure: ErrorFields | undefined;
      let completed = false;
      try {
        for await (const part of next(request)) {
          switch (part.type) {
            case 'text-delta':
              seen.timeToFirstTokenMs ??= now() - started;
              if (logPrompts) text += part.delta;
              break;
            case 'tool-call-delta':
              seen.timeToFirstTokenMs ??= now() - started;
              break;
            case 'tool-call':
              if (logPrompts) toolCalls.push(part.toolCall);
              break;
            case 'response-metadata':
              seen.responseModel = part.modelId ?? seen.responseModel;
              seen.responseId = part.id ?? seen.responseId;
              break;
            case 'finish':
              // Usage arrives on the finish part; a stream cut before it has spent an unknown amount.
              seen.usage = part.usage;
              seen.finishReason = part.finishReason;
              break;
          }
          yield part;
        }
        completed = true;
      } catch (error) {
        failure = errorFields(error, context.signal, secrets);
        throw error;
      } finally {
        seen.latencyMs = now() - started;
        if (failure) seen.failure = failure;
        else if (seen.finishReason === undefined) {
          seen.failure = completed
            ? {
                status: 'error',
                errorCode: 'stream-interrupted',
                errorMessage: 'The stream ended without a finish part.',
                httpStatus: null,
              }
            : {
                status: 'aborted',
                errorCode: 'aborted',
                errorMessage: 'The consumer stopped reading the stream before it finished.',
                httpStatus: null,
              };
        }
        if (logPrompts) seen.output = { text, toolCalls };
        emit(buildModelCallRecord(seen));
      }
    },

    async tool(call, next, context) {
      const timestamp = new Date().toISOString();
      const started = now();
      const record: ToolCallRecord = {
        type: 'tool-call',
        timestamp,
        runId: context.runId,
        step: context.step,
        name: call.toolName,
        toolCallId: call.toolCallId,
        durationMs: 0,
        status: 'ok',
        ok: true,
        errorCode: null,
        errorMessage: null,
      };
      if (logPrompts) record.arguments = call.rawArguments;
      const fail = (error: unknown) => {
        const fields = errorFields(error, context.signal, secrets);
        record.ok = false;
        record.status = fields.status;
        record.errorCode = fields.errorCode;
        record.errorMessage = fields.errorMessage;
      };
      try {
        const outcome = await next(call);
        if (outcome.ok) {
          if (logPrompts) record.output = outcome.output;
        } else fail(outcome.error);
        return outcome;
      } catch (error) {
        fail(error);
        throw error;
      } finally {
        record.durationMs = round(now() - started);
        emit(record);
      }
    },

    flush: () => dispatcher.flush(),
    close: () => dispatcher.close(),
  };
}
