export type {
  BatchCallOptions,
  BatchModelResponse,
  BatchRequest,
  ProviderBatch,
  ProviderBatchApi,
  ProviderBatchError,
  ProviderBatchResult,
  ProviderBatchStatus,
  SubmitBatchOptions,
} from './provider-batch-api.js';
