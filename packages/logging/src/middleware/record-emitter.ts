import type { Model } from '@toolloop/core';
import type { LogRecord } from '../records/records.js';
import { redactValue } from '../records/redact-value.js';
import type { SinkDispatcher } from './sink-dispatcher.js';

/** The fields `logPrompts` adds: left out of a record whose copy failed. */
const promptFields = new Set(['messages', 'output', 'arguments']);

/**
 * Writes records to the sinks with every string scrubbed — the listed secrets, `sk-…`/`Bearer`
 * shapes, and the model's own credentials (`Model.redact`) — and drops successful calls at level
 * `error`.
 */
export class RecordEmitter {
  constructor(
    private readonly dispatcher: SinkDispatcher,
    private readonly level: 'info' | 'error',
    private readonly secrets: readonly string[],
  ) {}

  emit(record: LogRecord, model: Model): void {
    if (this.level === 'error' && record.status === 'ok') return;
    const redactMore = model.redact ? (text: string) => model.redact!(text) : undefined;
    let safe: LogRecord;
    try {
      safe = redactValue(record, this.secrets, redactMore) as LogRecord;
    } catch (error) {
      // Prompt or tool data that cannot be copied (a throwing getter): report it, log the call without it.
      this.dispatcher.report(error, undefined);
      const bare = Object.entries(record).filter(([key]) => !promptFields.has(key));
      safe = redactValue(Object.fromEntries(bare), this.secrets, redactMore) as LogRecord;
    }
    this.dispatcher.write(safe);
  }
}
