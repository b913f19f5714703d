export { McpConnectionError, type McpConnectionErrorOptions } from './mcp-connection-error.js';
