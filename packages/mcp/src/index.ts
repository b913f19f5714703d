/**
 * Tools from MCP servers (stdio and streamable HTTP) for toolloop agents.
 * @module @toolloop/mcp
 */
export * from './connection/index.js';
export * from './errors/index.js';
export * from './mcp-tools/index.js';
export * from './tools/index.js';
