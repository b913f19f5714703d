import type {
  GenerateNext,
  Middleware,
  Model,
  ModelCallContext,
  ModelRequest,
  ModelResponse,
  PreparedToolCall,
  PriceTable,
  StreamNext,
  StreamPart,
  ToolCall,
  ToolCallContext,
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

/** Options of the logging middleware; all optional. */
export interface LoggingOptions {
  /** One sink or several (default: `consoleSink()` on stderr). */
  sink?: Sink | readonly Sink[];
  /** `'info'` logs every call; `'error'` only failed and aborted ones. Default `'info'`. */
  level?: 'info' | 'error';
  /** Log request messages, answers, tool arguments and outputs (secrets still redacted). Default false. */
  logPrompts?: boolean;
  /** Prices merged over core's `defaultPrices` (USD per 1M tokens). */
  prices?: PriceTable;
  /**
   * Literal strings to redact besides `sk-…` keys, `Bearer …` tokens and `process.env.OPENAI_API_KEY`
   * (e.g. a gateway key you pass to a provider as `apiKey`: logging cannot see a provider's options).
   */
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
  tool(call: PreparedToolCall, next: ToolNext, context: ToolCallContext): Promise<ToolOutcome>;
  /** Waits for every record written so far to reach its sinks. */
  flush(): Promise<void>;
  /** Flushes, then closes the sinks (the JSONL file, the SQLite connection). */
  close(): Promise<void>;
}

/** Real API keys are longer; shorter OPENAI_API_KEY values are local-server placeholders. */
const minEnvKeyLength = 16;

/** The fields `logPrompts` adds: left out of a record whose copy failed. */
const promptFields = new Set(['messages', 'output', 'arguments']);

function warnOnce(secrets: () => readonly string[]): SinkErrorHandler {
  let warned = false;
  return function reportSinkError(error) {
    if (warned) return;
    warned = true;
    const message = redactSecrets(error instanceof Error ? error.message : String(error), secrets());
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
    onError = warnOnce(() => knownSecrets()),
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
  if (!Array.isArray(secrets)) {
    throw new InvalidOptionError(
      'secrets',
      'logging({ secrets }) must be an array of strings, e.g. { secrets: [process.env.GATEWAY_KEY] }.',
    );
  }
  // An unset environment variable in the list (`[process.env.GATEWAY_KEY as string]`) is skipped.
  const listed = (secrets as readonly unknown[]).filter(
    (secret): secret is string => typeof secret === 'string' && secret !== '',
  );
  const table: PriceTable = prices ? { ...defaultPrices, ...prices } : defaultPrices;
  const dispatcher = new SinkDispatcher(sinks, onError);

  /**
   * The listed secrets plus the key the OpenAI provider reads by default (it may not look like `sk-…`),
   * longest first so a secret containing a shorter one is redacted whole. The environment key is
   * read per record (dotenv may load after `logging()`), and only when key-sized: a local server's
   * placeholder such as `ollama` or `lm-studio` is no secret, and redacting it would mangle model ids.
   */
  function knownSecrets(): string[] {
    const envKey = process.env.OPENAI_API_KEY;
    const all = envKey && envKey.length >= minEnvKeyLength ? [...listed, envKey] : [...listed];
    return all.sort((a, b) => b.length - a.length);
  }

  /** Writes a record with every string scrubbed: known secrets, and the model's own credentials. */
  function emit(record: LogRecord, model: Model): void {
    if (level === 'error' && record.status === 'ok') return;
    const known = knownSecrets();
    const redactMore = model.redact ? (text: string) => model.redact!(text) : undefined;
    let safe: LogRecord;
    try {
      safe = redactValue(record, known, redactMore) as LogRecord;
    } catch (error) {
      // Prompt or tool data that cannot be copied (a throwing getter): report it, log the call without it.
      dispatcher.report(error, undefined);
      const bare = Object.entries(record).filter(([key]) => !promptFields.has(key));
      safe = redactValue(Object.fromEntries(bare), known, redactMore) as LogRecord;
    }
    dispatcher.write(safe);
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
        emit(buildModelCallRecord(seen), context.model);
        return response;
      } catch (error) {
        seen.latencyMs = now() - started;
        seen.failure = errorFields(error, context.signal, knownSecrets());
        emit(buildModelCallRecord(seen), context.model);
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
            case 'refusal-delta':
            case 'tool-call-delta':
              seen.timeToFirstTokenMs ??= now() - started;
              break;
            case 'tool-call':
              // Some models send complete tool calls without deltas: the call is the first token then.
              seen.timeToFirstTokenMs ??= now() - started;
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
        failure = errorFields(error, context.signal, knownSecrets());
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
        emit(buildModelCallRecord(seen), context.model);
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
        toolCallId: call.toolCallId,
        toolName: call.toolName,
        durationMs: 0,
        status: 'ok',
        isError: false,
        errorCode: null,
        errorMessage: null,
      };
      if (logPrompts) record.arguments = call.arguments;
      const fail = (error: unknown) => {
        const fields = errorFields(error, context.signal, knownSecrets());
        record.isError = true;
        record.status = fields.status;
        record.errorCode = fields.errorCode;
        record.errorMessage = fields.errorMessage;
      };
      try {
        const outcome = await next(call);
        if (outcome.isError) fail(outcome.error);
        else if (logPrompts) record.output = outcome.output;
        return outcome;
      } catch (error) {
        fail(error);
        throw error;
      } finally {
        record.durationMs = round(now() - started);
        emit(record, context.model);
      }
    },

    flush: () => dispatcher.flush(),
    close: () => dispatcher.close(),
  };
}
