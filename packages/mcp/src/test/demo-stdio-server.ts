import { fileURLToPath } from 'node:url';
import type { McpStdioServerOptions } from '../mcp-tools/types.js';

/** Options of {@link demoStdioServer}. */
export interface DemoStdioServerOptions {
  /** Tools per `tools/list` page (default: all on one page). */
  pageSize?: number;
  /** Variables to set for the server (on top of the allow-listed ones). */
  env?: Record<string, string>;
}

/**
 * The `mcpTools` server entry that starts the demo MCP server as a child process over stdio
 * (Node with tsx, from this repository's sources).
 * @example const mcp = await mcpTools({ servers: { demo: demoStdioServer() } });
 */
export function demoStdioServer(options: DemoStdioServerOptions = {}): McpStdioServerOptions {
  const entry = fileURLToPath(new URL('./stdio-server-main.ts', import.meta.url));
  const server: McpStdioServerOptions = {
    command: process.execPath,
    args: ['--import', 'tsx', entry, ...(options.pageSize === undefined ? [] : [String(options.pageSize)])],
    // tsx is found from the package folder upwards, as for any import.
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
  };
  if (options.env) server.env = options.env;
  return server;
}
