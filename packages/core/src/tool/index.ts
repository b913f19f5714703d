export type { ApprovalRequestContext, Tool, ToolExecuteContext, ToolInputParseResult } from './tool.js';
export { isValidToolName, TOOL_NAME_RULE } from './tool-name.js';
