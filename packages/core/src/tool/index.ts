export type { ApprovalRequestContext, Tool, ToolExecuteContext, ToolInputParseResult } from './tool.js';
