import { throwIfAborted } from '@toolloop/core/internal';
import { connectServer, type ServerConnection } from '../connection/connect-server.js';
import { loadSdk, type McpSdk } from '../connection/load-sdk.js';
import { McpConnectionError } from '../errors/mcp-connection-error.js';
import { assignToolNames } from '../tools/assign-tool-names.js';
import type { CallToolResultLike } from '../tools/call-result-to-output.js';
import { createMcpTool, type McpTool, type McpToolDefinition } from '../tools/create-mcp-tool.js';
import { listAllTools } from '../tools/list-all-tools.js';
import type { McpServerOptions, McpToolset, McpToolsOptions } from './types.js';
import { type McpToolsSettings, validateOptions } from './validate-options.js';

interface ServerState {
  name: string;
  options: McpServerOptions;
  connection: ServerConnection;
  definitions: McpToolDefinition[];
  /** The listing in flight; notifications that arrive meanwhile set `again` instead of starting another. */
  listing: Promise<void> | undefined;
  again: boolean;
}

/**
 * Connects to MCP servers (stdio or streamable HTTP), lists every tool (all pages) and gives
 * them to you as toolloop tools named `server__tool`. Each call carries the run's AbortSignal and
 * a timeout; a schema goes strict only when it converts losslessly. When a server announces a
 * changed list, `toolset.tools` is refreshed. `close()` ends every session and server process.
 * @example
 * const mcp = await mcpTools({
 *   servers: { files: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '.'] } },
 * });
 * try {
 *   const agent = createAgent({ model: openai('gpt-4o-mini'), tools: [...mcp.tools] });
 *   console.log((await agent.run('What is in README.md?')).text);
 * } finally {
 *   await mcp.close();
 * }
 */
export async function mcpTools(options: McpToolsOptions): Promise<McpToolset> {
  const settings = validateOptions(options);
  throwIfAborted(options.signal);
  const toolset = new Toolset(settings, await loadSdk(), options);
  await toolset.start();
  return toolset;
}

class Toolset implements McpToolset {
  private readonly servers = new Map<string, ServerState>();
  private readonly listeners = new Set<(tools: readonly McpTool[]) => void>();
  /** Tools by `server\0mcpName`, reused while their definition and name stay the same. */
  private readonly cache = new Map<string, { key: string; tool: McpTool }>();
  private current: readonly McpTool[] = Object.freeze([]);
  private closing: Promise<void> | undefined;

  constructor(
    private readonly settings: McpToolsSettings,
    private readonly sdk: McpSdk,
    private readonly options: McpToolsOptions,
  ) {}

  get tools(): readonly McpTool[] {
    return this.current;
  }

  async start(): Promise<void> {
    const results = await Promise.allSettled(
      this.settings.servers.map(([name, server]) => this.connect(name, server)),
    );
    const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) {
      await this.close();
      throw failure.reason;
    }
    this.rebuild(false);
  }

  async refresh(): Promise<void> {
    await Promise.all([...this.servers.keys()].map((name) => this.relist(name)));
  }

  onToolsChanged(listener: (tools: readonly McpTool[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.listeners.clear();
      await Promise.allSettled([...this.servers.values()].map((state) => state.connection.close()));
    })();
    return this.closing;
  }

  private async connect(name: string, options: McpServerOptions): Promise<void> {
    const connection = await connectServer({
      name,
      server: options,
      sdk: this.sdk,
      connectTimeoutMs: this.settings.connectTimeoutMs,
      signal: this.options.signal,
      onToolsChanged: () => {
        this.relist(name).catch((error: unknown) => this.report(error));
      },
      onClosed: () =>
        this.report(
          new McpConnectionError({
            server: name,
            message: `MCP server "${name}" closed the connection; its tools fail until you call mcpTools() again.`,
          }),
        ),
      onError: (error) => this.report(error),
    });
    const state: ServerState = {
      name,
      options,
      connection,
      definitions: [],
      listing: undefined,
      again: false,
    };
    // Registered before listing, so a failure below still closes it.
    this.servers.set(name, state);
    if (this.closing) return;
    state.definitions = await this.list(state);
  }

  private async list(state: ServerState): Promise<McpToolDefinition[]> {
    const { client } = state.connection;
    // A server without the tools capability simply has none.
    if (!client.getServerCapabilities()?.tools) return [];
    try {
      return await listAllTools(
        (cursor) =>
          client.listTools(cursor === undefined ? undefined : { cursor }, {
            timeout: this.settings.connectTimeoutMs,
          }) as Promise<{ tools: McpToolDefinition[]; nextCursor?: string }>,
        state.name,
      );
    } catch (error) {
      if (McpConnectionError.isInstance(error)) throw error;
      const detail = (error instanceof Error ? error.message : String(error)).replace(
        /^MCP error -?\d+: /,
        '',
      );
      throw new McpConnectionError({
        server: state.name,
        message: `MCP server "${state.name}" could not list its tools: ${detail}`,
        cause: error,
      });
    }
  }

  private relist(name: string): Promise<void> {
    const state = this.servers.get(name);
    if (!state || this.closing) return Promise.resolve();
    if (state.listing) {
      state.again = true;
      return state.listing;
    }
    state.listing = (async () => {
      try {
        do {
          state.again = false;
          state.definitions = await this.list(state);
        } while (state.again && !this.closing);
        if (!this.closing) this.rebuild(true);
      } finally {
        state.listing = undefined;
      }
    })();
    return state.listing;
  }

  private rebuild(notify: boolean): void {
    const entries = [...this.servers.values()].flatMap((state) =>
      state.definitions.map((definition) => ({ state, definition })),
    );
    const names = assignToolNames(
      entries.map(({ state, definition }) => ({ server: state.name, tool: definition.name })),
    );
    const seen = new Set<string>();
    const tools = entries.map(({ state, definition }, index) => {
      const name = names[index]!;
      const cacheKey = `${state.name}\0${definition.name}`;
      const key = `${name}\0${JSON.stringify(definition)}`;
      seen.add(cacheKey);
      const cached = this.cache.get(cacheKey);
      if (cached?.key === key) return cached.tool;
      const tool = createMcpTool({
        name,
        server: state.name,
        definition,
        strict: this.settings.strict,
        timeoutMs: state.options.timeoutMs ?? this.settings.timeoutMs,
        call: (request, callOptions) =>
          state.connection.client.callTool(request, undefined, callOptions) as Promise<CallToolResultLike>,
      });
      this.cache.set(cacheKey, { key, tool });
      return tool;
    });
    for (const cacheKey of this.cache.keys()) if (!seen.has(cacheKey)) this.cache.delete(cacheKey);
    const changed =
      tools.length !== this.current.length || tools.some((tool, index) => tool !== this.current[index]);
    if (!changed) return;
    this.current = Object.freeze(tools);
    if (!notify) return;
    for (const listener of this.listeners) {
      try {
        listener(this.current);
      } catch (error) {
        this.report(error);
      }
    }
  }

  private report(error: unknown): void {
    if (this.closing) return;
    const failure =
      error instanceof Error
        ? error
        : new McpConnectionError({ server: 'unknown', message: `An MCP server failed: ${String(error)}` });
    if (this.options.onError) this.options.onError(failure);
    else process.emitWarning(failure.message, { code: 'TOOLLOOP_MCP' });
  }
}
