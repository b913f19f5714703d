import { ToolloopError, type ToolloopErrorOptions } from './toolloop-error.js';

/** Something took longer than its limit (`timeoutMs` names which limit). */
export class TimeoutError extends ToolloopError {
  readonly timeoutMs: number | undefined;
  /** Which wait ran out, e.g. `connect`, `body`, `tool`, `attempt`, `image-download`. */
  readonly phase: string | undefined;
  constructor(message: string, options: ToolloopErrorOptions & { timeoutMs?: number; phase?: string } = {}) {
    super('timeout', message, options);
    this.timeoutMs = options.timeoutMs;
    this.phase = options.phase;
  }
}

/** The caller's AbortSignal fired. `name` is 'AbortError' so DOM-style checks work too. */
export class AbortError extends ToolloopError {
  constructor(message = 'The run was aborted by its AbortSignal.', options: ToolloopErrorOptions = {}) {
    super('aborted', message, options);
    this.name = 'AbortError';
  }
}

/** A user's mistake in options or definitions, thrown at once; the message names the option and the fix. */
export class InvalidOptionError extends ToolloopError {
  /** The misconfigured option's name, e.g. `maxRetries`. */
  readonly option: string;
  constructor(option: string, message: string, options: ToolloopErrorOptions = {}) {
    super('invalid-option', message, options);
    this.option = option;
  }
}

/** The model's arguments for a tool were not valid JSON or failed the tool's schema. Fed back to the model. */
export class ToolInputError extends ToolloopError {
  readonly toolName: string;
  /** The model's raw JSON arguments. */
  readonly arguments: string;
  constructor(toolName: string, rawArguments: string, message: string, options: ToolloopErrorOptions = {}) {
    super('tool-input', message, options);
    this.toolName = toolName;
    this.arguments = rawArguments;
  }
}

/** A tool's execute threw (or timed out). Fed back to the model; the run continues. */
export class ToolExecutionError extends ToolloopError {
  readonly toolName: string;
  readonly toolCallId: string;
  constructor(toolName: string, toolCallId: string, message: string, options: ToolloopErrorOptions = {}) {
    super('tool-execution', message, options);
    this.toolName = toolName;
    this.toolCallId = toolCallId;
  }
}

/** The model called a tool the agent does not have. Fed back to the model with the list of tools. */
export class NoSuchToolError extends ToolloopError {
  readonly toolName: string;
  /** The names of the tools the agent has, so the model can pick a real one. */
  readonly availableTools: string[];
  constructor(toolName: string, availableTools: string[]) {
    super(
      'no-such-tool',
      `The model called a tool named "${toolName}", which this agent does not have. Available tools: ${availableTools.length ? availableTools.join(', ') : '(none)'}.`,
    );
    this.toolName = toolName;
    this.availableTools = availableTools;
  }
}

/** A stream event could not be parsed (malformed JSON, an oversized event). */
export class StreamParseError extends ToolloopError {
  constructor(message: string, options: ToolloopErrorOptions = {}) {
    super('stream-parse', message, options);
  }
}

/** A stream ended before it was complete (connection cut, EOF without a finish reason). Carries what arrived. */
export class StreamInterruptedError extends ToolloopError {
  /** The text that arrived before the stream broke off. */
  readonly partialText: string;
  constructor(message: string, options: ToolloopErrorOptions & { partialText?: string } = {}) {
    super('stream-interrupted', message, options);
    this.partialText = options.partialText ?? '';
  }
}

/** A run's budget (tokens or cost) would be exceeded by the next model call. */
export class BudgetExceededError extends ToolloopError {
  constructor(message: string, options: ToolloopErrorOptions = {}) {
    super('budget-exceeded', message, options);
  }
}
