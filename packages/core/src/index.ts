/**
 * The agent loop, the Model and middleware contracts, messages, errors, usage, prices and token
 * counts. What sibling packages share lives in `@toolloop/core/internal`; test doubles in
 * `@toolloop/core/test`.
 * @module @toolloop/core
 */
export {
  AbortError,
  APICallError,
  type APICallErrorOptions,
  BudgetExceededError,
  type BudgetExceededErrorOptions,
  type ErrorOrigin,
  hasErrorCode,
  InvalidOptionError,
  type InvalidOptionErrorOptions,
  MissingDependencyError,
  type MissingDependencyErrorOptions,
  NoSuchToolError,
  type NoSuchToolErrorOptions,
  StoreUnavailableError,
  type StoreUnavailableErrorOptions,
  type StoreUnavailableReason,
  StreamInterruptedError,
  type StreamInterruptedErrorOptions,
  StreamParseError,
  TimeoutError,
  type TimeoutErrorOptions,
  ToolExecutionError,
  type ToolExecutionErrorOptions,
  ToolInputError,
  type ToolInputErrorOptions,
  ToolloopError,
  type ToolloopErrorCode,
  type ToolloopErrorInit,
  type ToolloopErrorOptions,
} from './errors/index.js';
export * from './messages/index.js';
export {
  type GenerateNext,
  type Middleware,
  type ModelCallContext,
  type ModelCallMetadata,
  type PreparedToolCall,
  type StreamNext,
  type ToolCallContext,
  type ToolNext,
  type ToolOutcome,
  type WrapModelOptions,
  wrapModel,
} from './middleware/index.js';
export {
  type CallOptions,
  collectStream,
  type FinishReason,
  type Model,
  type ModelRequest,
  type ModelResponse,
  type ModelSettings,
  type ResponseFormat,
  type ResponseMetadata,
  type ResponseSource,
  type StreamPart,
  type StructuredOutputStrategy,
  type ToolChoice,
  type ToolSpec,
  type Usage,
} from './model/index.js';
export * from './output/index.js';
export {
  type Bill,
  type BillResponseOptions,
  billResponse,
  computeCost,
  defaultPrices,
  findPrice,
  type ModelPrice,
  type PriceTable,
  roundUSD,
} from './pricing/index.js';
export * from './run/index.js';
export {
  approximateTokens,
  type ContextWindow,
  type ContextWindowTable,
  type CountTokensInput,
  type CountTokensOptions,
  countTokens,
  countTokensSync,
  defaultContextWindows,
  type EncodingName,
  encodingForModel,
  type FitToContextOptions,
  type FitToContextResult,
  findContextWindow,
  fitToContext,
  type ImageSize,
  type ImageTokenRule,
  imageTokenRule,
  imageTokens,
  loadTokenizer,
  type TokenCountRequest,
} from './tokens/index.js';
export type { ApprovalRequestContext, Tool, ToolExecuteContext, ToolInputParseResult } from './tool/index.js';
