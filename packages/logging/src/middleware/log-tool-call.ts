import type { PreparedToolCall, ToolCallContext, ToolNext, ToolOutcome } from '@toolloop/core';
import { round } from '../records/build-records.js';
import { errorFields } from '../records/error-fields.js';
import type { ToolCallRecord } from '../records/records.js';

/** What logToolCall needs besides the call. */
export interface LogToolCallOptions {
  now: () => number;
  logPrompts: boolean;
  secrets: readonly string[];
  emit: (record: ToolCallRecord) => void;
}

/** Runs one tool call through `next` and emits its record: duration, outcome, and with logPrompts its arguments and output. */
export async function logToolCall(
  call: PreparedToolCall,
  next: ToolNext,
  context: ToolCallContext,
  options: LogToolCallOptions,
): Promise<ToolOutcome> {
  const started = options.now();
  const record: ToolCallRecord = {
    type: 'tool-call',
    timestamp: new Date().toISOString(),
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
  if (context.batchItem) {
    record.batchId = context.batchItem.batchId;
    record.customId = context.batchItem.customId;
  }
  if (options.logPrompts) record.arguments = call.arguments;
  const fail = (error: unknown) => {
    const fields = errorFields(error, context.signal, options.secrets);
    record.isError = true;
    record.status = fields.status;
    record.errorCode = fields.errorCode;
    record.errorMessage = fields.errorMessage;
  };
  try {
    const outcome = await next(call);
    if (outcome.isError) fail(outcome.error);
    else if (options.logPrompts) record.output = outcome.output;
    return outcome;
  } catch (error) {
    fail(error);
    throw error;
  } finally {
    record.durationMs = round(options.now() - started);
    options.emit(record);
  }
}
