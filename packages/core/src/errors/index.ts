export { AbortError } from './abort-error.js';
export { APICallError, type APICallErrorOptions } from './api-call-error.js';
export { BudgetExceededError, type BudgetExceededErrorOptions } from './budget-exceeded-error.js';
export { InvalidOptionError, type InvalidOptionErrorOptions } from './invalid-option-error.js';
export { isRetryableStatus } from './is-retryable-status.js';
export { MissingDependencyError, type MissingDependencyErrorOptions } from './missing-dependency-error.js';
export { NoSuchToolError, type NoSuchToolErrorOptions } from './no-such-tool-error.js';
export {
  StoreUnavailableError,
  type StoreUnavailableErrorOptions,
  type StoreUnavailableReason,
} from './store-unavailable-error.js';
export { StreamInterruptedError, type StreamInterruptedErrorOptions } from './stream-interrupted-error.js';
export { StreamParseError } from './stream-parse-error.js';
export { TimeoutError, type TimeoutErrorOptions } from './timeout-error.js';
export { ToolExecutionError, type ToolExecutionErrorOptions } from './tool-execution-error.js';
export { ToolInputError, type ToolInputErrorOptions } from './tool-input-error.js';
export {
  type ErrorOrigin,
  hasErrorCode,
  ToolloopError,
  type ToolloopErrorCode,
  type ToolloopErrorInit,
  type ToolloopErrorOptions,
} from './toolloop-error.js';
