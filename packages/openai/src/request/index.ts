export { type BuildRequestBodyOptions, buildRequestBody } from './build-request-body.js';
export { type ToWireMessagesOptions, toWireMessages } from './to-wire-messages.js';
export type {
  WireContentPart,
  WireFunction,
  WireFunctionCallChoice,
  WireMessage,
  WireRequestBody,
  WireToolCall,
  WireToolChoice,
} from './wire-types.js';
