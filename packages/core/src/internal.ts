/**
 * What the `@toolloop/*` packages share with each other: the middleware onion, stream collection,
 * usage and cost arithmetic, the signal toolkit, the one loader of optional dependencies, secret
 * redaction and the pre-call token estimator. Public so that our packages (and providers written
 * outside this repository) can use them, but **not covered by semver**: a minor release may change
 * them. Import from `@toolloop/core` what you can.
 * @module @toolloop/core/internal
 */
export { isRetryableStatus } from './errors/index.js';
export { composeGenerate, composeStream, composeTool } from './middleware/index.js';
export {
  addUsage,
  afterStream,
  emptyUsage,
  ResponseCollector,
  responseToStreamParts,
} from './model/index.js';
export { addCost } from './pricing/index.js';
export * from './signal/index.js';
export {
  estimateMessagesTokens,
  estimateRequestTokens,
  type RequestTokenEstimate,
} from './tokens/index.js';
export { isValidToolName, TOOL_NAME_RULE } from './tool/index.js';
export * from './util/index.js';
