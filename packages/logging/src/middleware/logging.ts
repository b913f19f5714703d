import type {
  CallOptions,
  GenerateNext,
  Middleware,
  ModelCallContext,
  ModelRequest,
  ModelResponse,
  PreparedToolCall,
  StreamNext,
  StreamPart,
  ToolCallContext,
  ToolNext,
  ToolOutcome,
} from '@toolloop/core';
import { buildModelCallRecord } from '../records/build-records.js';
import { errorFields } from '../records/error-fields.js';
import { logToolCall } from './log-tool-call.js';
import { type LoggingOptions, resolveLoggingOptions } from './logging-options.js';
import { observeStream, startObservation } from './observe-model-call.js';
import { RecordEmitter } from './record-emitter.js';
import { SinkDispatcher } from './sink-dispatcher.js';

export type { LoggingOptions } from './logging-options.js';

/** The logging middleware: model and tool hooks, plus `flush` and `close` for its sinks. */
export interface LoggingMiddleware extends Middleware {
  generate(
    request: ModelRequest,
    next: GenerateNext,
    context: ModelCallContext,
    options: CallOptions,
  ): Promise<ModelResponse>;
  stream(
    request: ModelRequest,
    next: StreamNext,
    context: ModelCallContext,
    options: CallOptions,
  ): AsyncIterable<StreamPart>;
  tool(call: PreparedToolCall, next: ToolNext, context: ToolCallContext): Promise<ToolOutcome>;
  /** Waits for every record written so far to reach its sinks. */
  flush(): Promise<void>;
  /** Flushes, then closes the sinks (the JSONL file, the SQLite connection). */
  close(): Promise<void>;
}

/**
 * Usage, cost and request logging as middleware: one record per model call and per tool call.
 * Put it outermost so it sees what the cache and retry do: `[logging(), cache(…), retry()]`.
 * Costs come from core's `billResponse` with the agent's price table (`context.prices`).
 * @example
 * const log = logging({ sink: [consoleSink(), sqliteUsageStore({ path: 'usage.db' })] });
 * const agent = createAgent({ model, middleware: [log, retry()] });
 * // … at shutdown:
 * await log.close();
 */
export function logging(options: LoggingOptions = {}): LoggingMiddleware {
  const { sinks, level, logPrompts, secrets, onError, now } = resolveLoggingOptions(options);
  const dispatcher = new SinkDispatcher(sinks, onError);
  const emitter = new RecordEmitter(dispatcher, level, secrets);

  return {
    name: 'logging',

    async generate(request, next, context) {
      const seen = startObservation(context, request, logPrompts);
      const started = now();
      try {
        const response = await next(request);
        seen.latencyMs = now() - started;
        seen.usage = response.usage;
        seen.source = response.source;
        seen.finishReason = response.finishReason;
        seen.responseModel = response.response?.modelId;
        seen.responseId = response.response?.id;
        if (logPrompts) seen.output = { text: response.text, toolCalls: response.toolCalls };
        emitter.emit(buildModelCallRecord(seen), context.model);
        return response;
      } catch (error) {
        seen.latencyMs = now() - started;
        seen.failure = errorFields(error, context.signal, secrets);
        emitter.emit(buildModelCallRecord(seen), context.model);
        throw error;
      }
    },

    stream(request, next, context) {
      return observeStream(() => next(request), startObservation(context, request, logPrompts), {
        now,
        secrets,
        done: (seen) => emitter.emit(buildModelCallRecord(seen), context.model),
      });
    },

    tool(call, next, context) {
      return logToolCall(call, next, context, {
        now,
        logPrompts,
        secrets,
        emit: (record) => emitter.emit(record, context.model),
      });
    },

    flush: () => dispatcher.flush(),
    close: () => dispatcher.close(),
  };
}
