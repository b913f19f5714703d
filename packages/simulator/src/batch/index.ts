export { handleBatchControl } from './batch-control.js';
export { BatchEngine } from './batch-engine.js';
export type {
  BatchApiFault,
  BatchBehaviour,
  BatchClock,
  BatchErrorData,
  BatchFault,
  BatchLineFailure,
  BatchOptions,
  SimulatorBatches,
  WireBatch,
  WireFile,
} from './batch-types.js';
export { type BatchApiRequest, isBatchApiPath, isUploadRequest, serveBatchApi } from './serve-batch-api.js';
export { simulatorBatches } from './simulator-batches.js';
