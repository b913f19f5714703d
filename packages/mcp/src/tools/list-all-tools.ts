import { McpConnectionError } from '../errors/mcp-connection-error.js';
import type { McpToolDefinition } from './create-mcp-tool.js';

/** One `tools/list` page. */
export interface ToolsPage {
  tools: McpToolDefinition[];
  nextCursor?: string | undefined;
}

/** Asks for one page, after `cursor` when given. */
export type ListToolsPage = (cursor: string | undefined) => Promise<ToolsPage>;

/** A server that keeps handing out cursors is broken; stop instead of looping forever. */
const maxPages = 1_000;

/**
 * Every tool of a server: follows `nextCursor` until the last page. A cursor seen twice, or more
 * than 1,000 pages, is an error; a tool name listed twice keeps its first definition.
 */
export async function listAllTools(listPage: ListToolsPage, server: string): Promise<McpToolDefinition[]> {
  const byName = new Map<string, McpToolDefinition>();
  const cursors = new Set<string>();
  let cursor: string | undefined;
  for (let page = 1; ; page++) {
    const result = await listPage(cursor);
    for (const tool of result.tools) if (!byName.has(tool.name)) byName.set(tool.name, tool);
    cursor = result.nextCursor;
    if (cursor === undefined || cursor === '') return [...byName.values()];
    if (cursors.has(cursor) || page >= maxPages) {
      throw new McpConnectionError({
        server,
        message: cursors.has(cursor)
          ? `MCP server "${server}" returned the cursor ${JSON.stringify(cursor)} twice while listing its tools; its pagination is broken.`
          : `MCP server "${server}" lists tools past ${maxPages} pages; stopping.`,
      });
    }
    cursors.add(cursor);
  }
}
