import type { McpTool } from '../tools/create-mcp-tool.js';

/** A server started as a child process, speaking MCP over its stdin and stdout. */
export interface McpStdioServerOptions {
  /** The executable, e.g. `npx` or `node`. */
  command: string;
  args?: readonly string[];
  /**
   * Variables to set for the server. The child gets only these plus an allow-list of this
   * process's variables (PATH, HOME, LANG, TZ, TMPDIR, …) — never your API keys unless you pass them.
   */
  env?: Readonly<Record<string, string>>;
  /** Names of more variables of this process to pass on as they are (e.g. `['HTTPS_PROXY']`). */
  inheritEnv?: readonly string[];
  /** The server's working directory (default: this process's). */
  cwd?: string;
  /** The server's stderr: shown in this process's stderr (`'inherit'`, default) or dropped. */
  stderr?: 'inherit' | 'ignore';
  /** Per-call limit for this server's tools, overriding `mcpTools({ timeoutMs })`. */
  timeoutMs?: number;
}

/** A server reached over MCP's streamable HTTP transport. */
export interface McpHttpServerOptions {
  /** The MCP endpoint, e.g. `https://example.com/mcp`. */
  url: string | URL;
  /** Headers sent with every request, e.g. `{ Authorization: 'Bearer …' }`. Never logged. */
  headers?: Readonly<Record<string, string>>;
  /** Per-call limit for this server's tools, overriding `mcpTools({ timeoutMs })`. */
  timeoutMs?: number;
}

/** One MCP server: a command to start (stdio) or a URL (streamable HTTP). */
export type McpServerOptions = McpStdioServerOptions | McpHttpServerOptions;

/** Options of `mcpTools`. */
export interface McpToolsOptions {
  /**
   * The servers by name. The name prefixes each tool (`files__read_file`), so it must match
   * `^[a-zA-Z0-9_-]{1,32}$`.
   */
  servers: Readonly<Record<string, McpServerOptions>>;
  /** Per-call limit in ms (default 60,000); past it the call fails with a TimeoutError the model sees. */
  timeoutMs?: number;
  /** Limit in ms for starting a server, the MCP handshake and each tool listing (default 30,000). */
  connectTimeoutMs?: number;
  /**
   * `'auto'` (default): send a tool with `strict: true` when its schema converts to OpenAI's
   * strict subset without changing its meaning; `false`: send every schema as the server wrote it.
   */
  strict?: 'auto' | false;
  /** Aborts connecting (the servers started so far are closed). */
  signal?: AbortSignal;
  /** Told about failures that have no caller to throw to: a re-listing that failed, a server that went away. */
  onError?: (error: Error) => void;
}

/** The tools of connected MCP servers, kept current, and the way to close the connections. */
export interface McpToolset {
  /**
   * The current tools of all servers. After a server announces a changed list, the next read
   * returns a new array (the same array otherwise), so read it when you build an agent.
   */
  readonly tools: readonly McpTool[];
  /** Lists every server's tools again now. */
  refresh(): Promise<void>;
  /** Calls `listener` with the new tools after any change; returns the function that unsubscribes. */
  onToolsChanged(listener: (tools: readonly McpTool[]) => void): () => void;
  /** Closes every connection and ends the server processes. Idempotent. */
  close(): Promise<void>;
}
