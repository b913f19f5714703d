import { InvalidOptionError } from '@toolloop/core';
import { redactSecrets } from '@toolloop/core/internal';
import { consoleSink } from '../sinks/console-sink.js';
import type { Sink } from '../sinks/sink.js';
import type { SinkErrorHandler } from './sink-dispatcher.js';

/** Options of the logging middleware; all optional. */
export interface LoggingOptions {
  /** One sink or several (default: `consoleSink()` on stderr). */
  sink?: Sink | readonly Sink[];
  /** `'info'` logs every call; `'error'` only failed and aborted ones. Default `'info'`. */
  level?: 'info' | 'error';
  /** Log request messages, answers, tool arguments and outputs (secrets still redacted). Default false. */
  logPrompts?: boolean;
  /**
   * Literal strings to redact besides `sk-…` keys and `Bearer …` tokens. The model's own credentials
   * are scrubbed by its provider (`Model.redact`); list here secrets that reach prompts or tools.
   */
  secrets?: readonly string[];
  /** Called when a sink fails; the model call goes on. Default: one process warning. */
  onError?: SinkErrorHandler;
  /** Millisecond clock for durations (default `performance.now`); inject one in tests. */
  now?: () => number;
}

/** LoggingOptions checked, with defaults applied. */
export interface ResolvedLoggingOptions {
  sinks: readonly Sink[];
  level: 'info' | 'error';
  logPrompts: boolean;
  /** Longest first, so a secret containing a shorter one is redacted whole. */
  secrets: readonly string[];
  onError: SinkErrorHandler;
  now: () => number;
}

function warnOnce(secrets: readonly string[]): SinkErrorHandler {
  let warned = false;
  return function reportSinkError(error) {
    if (warned) return;
    warned = true;
    const message = redactSecrets(error instanceof Error ? error.message : String(error), secrets);
    process.emitWarning(
      `A @toolloop/logging sink failed (${message}); the model call went on. Further sink failures are not reported: pass onError to see them.`,
      { code: 'TOOLLOOP_LOG_SINK' },
    );
  };
}

/**
 * Checks the options (each mistake named with its fix) and applies the defaults. No environment is
 * read: the provider scrubs its own credentials (`Model.redact`), whatever variable they came from.
 */
export function resolveLoggingOptions(options: LoggingOptions): ResolvedLoggingOptions {
  const {
    sink = consoleSink(),
    level = 'info',
    logPrompts = false,
    secrets = [],
    now = () => performance.now(),
  } = options;
  if ('prices' in options) {
    throw new InvalidOptionError({
      option: 'prices',
      message:
        'logging() takes no `prices`: it bills with the price table of the agent it runs in. Pass prices to createAgent({ prices }) (or wrapModel({ prices })) instead.',
    });
  }
  if (level !== 'info' && level !== 'error') {
    throw new InvalidOptionError({
      option: 'level',
      message: `logging({ level }) must be 'info' or 'error', got ${JSON.stringify(level)}.`,
    });
  }
  const sinks: readonly Sink[] = Array.isArray(sink) ? sink : [sink as Sink];
  sinks.forEach((candidate, index) => {
    if (!candidate || typeof candidate.write !== 'function') {
      throw new InvalidOptionError({
        option: 'sink',
        message: `logging({ sink }) entry ${index} has no write(record) method. Pass consoleSink(), jsonlSink({ path }), sqliteUsageStore({ path }), otelSink() or your own { write }.`,
      });
    }
  });
  if (!Array.isArray(secrets)) {
    throw new InvalidOptionError({
      option: 'secrets',
      message:
        'logging({ secrets }) must be an array of strings, e.g. { secrets: [process.env.GATEWAY_KEY] }.',
    });
  }
  // An unset environment variable in the list (`[process.env.GATEWAY_KEY as string]`) is skipped.
  const listed = (secrets as readonly unknown[])
    .filter((secret): secret is string => typeof secret === 'string' && secret !== '')
    .sort((a, b) => b.length - a.length);
  return { sinks, level, logPrompts, secrets: listed, onError: options.onError ?? warnOnce(listed), now };
}
