export { mapFinishReason } from './map-finish-reason.js';
export { type MapResponseOptions, mapResponse } from './map-response.js';
export { mapUsage } from './map-usage.js';
export type {
  WireChatCompletion,
  WireResponseMessage,
  WireResponseToolCall,
  WireUsage,
} from './wire-response.js';
