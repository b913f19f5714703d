export { BatchUnsupportedError, type BatchUnsupportedErrorOptions } from './batch-unsupported-error.js';
export { type OpenAIBatchApiOptions, openaiBatchApi } from './openai-batch-api.js';
