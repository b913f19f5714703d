import { ToolloopError } from '@toolloop/core';

/** Constructor options of McpConnectionError. */
export interface McpConnectionErrorOptions {
  /** The server's name in `mcpTools({ servers })`. */
  server: string;
  message: string;
  cause?: unknown;
}

/**
 * An MCP server could not be reached or set up: the process did not start or exited, the URL
 * did not answer, the handshake or the tool listing failed. The message names the server, never
 * its headers, arguments or environment.
 */
export class McpConnectionError extends ToolloopError {
  /** The server's name in `mcpTools({ servers })`. */
  readonly server: string;

  constructor(options: McpConnectionErrorOptions) {
    super({ code: 'mcp-connection', origin: 'environment', message: options.message, cause: options.cause });
    this.server = options.server;
  }

  /** True for an McpConnectionError, even from another copy of the package. */
  static override isInstance(error: unknown): error is McpConnectionError {
    return ToolloopError.isInstance(error) && error.code === 'mcp-connection';
  }
}
