export { assignToolNames, type ToolNameRequest } from './assign-tool-names.js';
export type { McpTool, McpToolDefinition } from './create-mcp-tool.js';
