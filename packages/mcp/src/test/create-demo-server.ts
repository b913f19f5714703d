import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { type DemoCallResult, type DemoTool, demoTools } from './demo-tools.js';

/** Options of {@link createDemoServer}. */
export interface DemoServerOptions {
  /** Tools per `tools/list` page (default: all on one page). */
  pageSize?: number;
}

/** The shared state of a demo server: its tools, and every session to notify when they change. */
export interface DemoServerState {
  readonly tools: DemoTool[];
  /** Makes a new MCP server session (one per connection) over the shared tools. */
  createSession(): Promise<Server>;
  /** Adds a tool and sends `notifications/tools/list_changed` to every session. */
  addTool(tool: DemoTool): Promise<void>;
}

/**
 * A real MCP server built with the SDK's server half (low-level `Server`, so schemas go out
 * exactly as written): the demo tools, paginated `tools/list`, `listChanged`, and an `add_tool`
 * tool that grows the list while a client is connected. Used by tests and `examples/mcp`.
 */
export async function createDemoServer(options: DemoServerOptions = {}): Promise<DemoServerState> {
  const [{ Server: ServerClass }, types] = await Promise.all([
    import('@modelcontextprotocol/sdk/server/index.js'),
    import('@modelcontextprotocol/sdk/types.js'),
  ]);
  const tools = demoTools();
  const sessions = new Set<Server>();
  const pageSize = options.pageSize ?? Number.POSITIVE_INFINITY;

  const state: DemoServerState = {
    tools,
    async addTool(tool) {
      tools.push(tool);
      await Promise.allSettled([...sessions].map((session) => session.sendToolListChanged()));
    },
    async createSession() {
      const server = new ServerClass(
        { name: 'toolloop-demo', version: '1.0.0' },
        { capabilities: { tools: { listChanged: true } } },
      );
      server.setRequestHandler(types.ListToolsRequestSchema, (request) => {
        const start = request.params?.cursor === undefined ? 0 : Number(request.params.cursor);
        const end = start + pageSize;
        const page = [...tools, addToolTool].slice(start, end);
        const total = tools.length + 1;
        return {
          tools: page.map(({ name, description, inputSchema }) => ({ name, description, inputSchema })),
          ...(end < total ? { nextCursor: String(end) } : {}),
        };
      });
      server.setRequestHandler(types.CallToolRequestSchema, async (request, extra) => {
        const all = [...tools, addToolTool];
        const tool = all.find((candidate) => candidate.name === request.params.name);
        if (!tool) {
          throw new types.McpError(types.ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
        }
        const result = await tool.call(request.params.arguments ?? {}, extra.signal);
        // The SDK's result type is an open record; ours is the closed subset we send.
        return { ...result } as Record<string, unknown> as { content: DemoCallResult['content'] };
      });
      server.onclose = () => sessions.delete(server);
      sessions.add(server);
      return server;
    },
  };

  const addToolTool: DemoTool = {
    name: 'add_tool',
    description: 'Adds a tool named `name` that echoes its input (and announces the changed list).',
    inputSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
    async call(args) {
      const name = String(args.name);
      await state.addTool({
        name,
        description: `Echoes its input (added at run time).`,
        inputSchema: { type: 'object', properties: { text: { type: 'string' } } },
        call: (input) => ({ content: [{ type: 'text', text: String(input.text ?? '') }] }),
      });
      return { content: [{ type: 'text', text: `added ${name}` }] };
    },
  };
  return state;
}
