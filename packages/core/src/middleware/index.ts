export { composeGenerate, composeStream, composeTool } from './compose.js';
export type {
  GenerateNext,
  Middleware,
  ModelCallContext,
  ModelCallMetadata,
  PreparedToolCall,
  StreamNext,
  ToolCallContext,
  ToolNext,
  ToolOutcome,
} from './middleware.js';
export { type WrapModelOptions, wrapModel } from './wrap-model.js';
