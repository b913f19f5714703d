export { BatchUnsupportedError, type BatchUnsupportedErrorOptions } from './batch-unsupported-error.js';
export { type OpenAIBatchApiOptions, openaiBatchApi } from './openai-batch-api.js';
export type {
  BatchCallOptions,
  BatchModelResponse,
  BatchRequest,
  BatchStatus,
  ProviderBatch,
  ProviderBatchApi,
  ProviderBatchError,
  ProviderBatchResult,
  SubmitBatchOptions,
} from './provider-batch-api.js';
