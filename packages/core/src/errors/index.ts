export { APICallError, type APICallErrorOptions, isRetryableStatus } from './api-call-error.js';
export {
  AbortError,
  BudgetExceededError,
  InvalidOptionError,
  NoSuchToolError,
  StreamInterruptedError,
  StreamParseError,
  TimeoutError,
  ToolExecutionError,
  ToolInputError,
} from './simple-errors.js';
export {
  hasErrorCode,
  ToolloopError,
  type ToolloopErrorCode,
  type ToolloopErrorOptions,
} from './toolloop-error.js';
