export type { Tool, ToolExecuteContext, ToolInputParseResult } from './tool.js';
