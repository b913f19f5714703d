import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';

/** The parts of the MCP SDK this package uses. */
export interface McpSdk {
  Client: typeof Client;
  ToolListChangedNotificationSchema: typeof ToolListChangedNotificationSchema;
}

/**
 * The MCP SDK pulls in zod, ajv, a JSON Schema validator cache and more (~150 ms cold), so it is
 * imported when `mcpTools()` first runs, never when `@toolloop/mcp` is imported; each transport
 * is imported only when a server uses it.
 */
export async function loadSdk(): Promise<McpSdk> {
  const [client, types] = await Promise.all([
    import('@modelcontextprotocol/sdk/client/index.js'),
    import('@modelcontextprotocol/sdk/types.js'),
  ]);
  return {
    Client: client.Client,
    ToolListChangedNotificationSchema: types.ToolListChangedNotificationSchema,
  };
}

/** The stdio transport class (spawns the server; imports cross-spawn). */
export async function loadStdioTransport(): Promise<typeof StdioClientTransport> {
  return (await import('@modelcontextprotocol/sdk/client/stdio.js')).StdioClientTransport;
}

/** The streamable HTTP transport class. */
export async function loadHttpTransport(): Promise<typeof StreamableHTTPClientTransport> {
  return (await import('@modelcontextprotocol/sdk/client/streamableHttp.js')).StreamableHTTPClientTransport;
}
