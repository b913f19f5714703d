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
 * (Node; with tsx when running from this repository's sources).
 * @example const mcp = await mcpTools({ servers: { demo: demoStdioServer() } });
 */
export function demoStdioServer(options: DemoStdioServerOptions = {}): McpStdioServerOptions {
  // From the sources (this repository) the entry is TypeScript and needs tsx; from dist, plain JS.
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = fileURLToPath(new URL(`./stdio-server-main.${fromSource ? 'ts' : 'js'}`, import.meta.url));
  const pageSize = options.pageSize === undefined ? [] : [String(options.pageSize)];
  const server: McpStdioServerOptions = {
    command: process.execPath,
    args: [...(fromSource ? ['--import', 'tsx'] : []), entry, ...pageSize],
    // tsx is found from the package folder upwards, as for any import.
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
  };
  if (options.env) server.env = options.env;
  return server;
}
