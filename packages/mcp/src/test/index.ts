/**
 * A real MCP server for tests and examples, built with the SDK's server half: over stdio as a child
 * process (`demoStdioServer()`), or over streamable HTTP on loopback (`startDemoHttpServer()`).
 * @module @toolloop/mcp/test
 */
export { createDemoServer, type DemoServerOptions, type DemoServerState } from './create-demo-server.js';
export { type DemoStdioServerOptions, demoStdioServer } from './demo-stdio-server.js';
export type { DemoCallResult, DemoTool } from './demo-tools.js';
export { type DemoHttpServer, startDemoHttpServer } from './start-demo-http-server.js';
