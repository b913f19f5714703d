export { assignToolNames, type ToolNameRequest } from './assign-tool-names.js';
export { type McpTool, type McpToolDefinition } from './create-mcp-tool.js';
