export { mcpTools } from './mcp-tools.js';
export type {
  McpHttpServerOptions,
  McpServerOptions,
  McpStdioServerOptions,
  McpToolset,
  McpToolsOptions,
} from './types.js';
