export { afterStream } from './after-stream.js';
export { collectStream, ResponseCollector, responseToStreamParts } from './collect-stream.js';
export type {
  CallOptions,
  FinishReason,
  Model,
  ModelRequest,
  ModelResponse,
  ModelSettings,
  ResponseFormat,
  ResponseMetadata,
  ResponseSource,
  StreamPart,
  StructuredOutputStrategy,
  ToolChoice,
  ToolSpec,
  Usage,
} from './model.js';
export { addUsage, emptyUsage } from './usage.js';
