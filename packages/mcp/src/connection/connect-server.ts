import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { AbortError } from '@toolloop/core';
import { McpConnectionError } from '../errors/mcp-connection-error.js';
import type { McpServerOptions } from '../mcp-tools/types.js';
import { describeEndpoint } from './describe-endpoint.js';
import { endOnExit } from './exit-cleanup.js';
import { loadHttpTransport, loadStdioTransport, type McpSdk } from './load-sdk.js';
import { stdioEnvironment } from './stdio-environment.js';

/** What the client tells servers it is. */
const clientInfo = { name: 'toolloop', version: '0.1.0' };

/** A connected server. */
export interface ServerConnection {
  readonly client: Client;
  /** Ends the session (and the server's process, for stdio). Idempotent. */
  close(): Promise<void>;
}

/** Options of `connectServer`. */
export interface ConnectServerOptions {
  name: string;
  server: McpServerOptions;
  sdk: McpSdk;
  connectTimeoutMs: number;
  signal: AbortSignal | undefined;
  /** The server sent `notifications/tools/list_changed`. */
  onToolsChanged: () => void;
  /** The connection ended without `close()` (the process exited, the session was dropped). */
  onClosed: () => void;
  /** A transport error no call is waiting for. */
  onError: (error: Error) => void;
}

/** A bounded wait that never keeps the process alive. */
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Starts (stdio) or reaches (HTTP) one server and completes the MCP handshake within
 * `connectTimeoutMs`. A stdio server gets an allow-listed environment and is ended when this
 * process exits; a failure leaves nothing running and throws McpConnectionError.
 */
export async function connectServer(options: ConnectServerOptions): Promise<ServerConnection> {
  const { name, server, sdk, connectTimeoutMs, signal } = options;
  const client = new sdk.Client(clientInfo, { capabilities: {} });
  client.setNotificationHandler(sdk.ToolListChangedNotificationSchema, () => options.onToolsChanged());
  let closing = false;
  client.onclose = () => {
    if (!closing) options.onClosed();
  };
  client.onerror = (error) => {
    if (!closing) {
      options.onError(
        new McpConnectionError({
          server: name,
          message: `MCP server "${name}": ${error.message}`,
          cause: error,
        }),
      );
    }
  };

  let transport: Transport;
  let pid: () => number | null = () => null;
  if ('command' in server) {
    const StdioClientTransport = await loadStdioTransport();
    const stdio = new StdioClientTransport({
      command: server.command,
      args: [...(server.args ?? [])],
      env: stdioEnvironment({ env: server.env, inheritEnv: server.inheritEnv }),
      stderr: server.stderr ?? 'inherit',
      ...(server.cwd === undefined ? {} : { cwd: server.cwd }),
    });
    pid = () => stdio.pid;
    transport = stdio;
  } else {
    const StreamableHTTPClientTransport = await loadHttpTransport();
    transport = new StreamableHTTPClientTransport(new URL(String(server.url)), {
      requestInit: { headers: { ...server.headers } },
    });
  }

  let untrack = () => {};
  try {
    const connecting = client.connect(transport, {
      timeout: connectTimeoutMs,
      ...(signal ? { signal } : {}),
    });
    // The process exists once the transport has started; track it before the handshake can hang.
    const started = pid();
    if (started !== null) untrack = endOnExit(started);
    await connecting;
    const running = pid();
    if (running !== null && running !== started) untrack = endOnExit(running);
  } catch (error) {
    closing = true;
    await client.close().catch(() => {});
    untrack();
    throw connectError(error, name, server, signal, connectTimeoutMs);
  }

  let closed: Promise<void> | undefined;
  return {
    client,
    close() {
      closed ??= (async () => {
        closing = true;
        const http = transport as { terminateSession?: () => Promise<void>; sessionId?: string };
        if (typeof http.terminateSession === 'function' && http.sessionId !== undefined) {
          // Polite: tell the server the session is over, but never wait long for it.
          await Promise.race([http.terminateSession().catch(() => {}), pause(1_000)]);
        }
        await client.close().catch(() => {});
        untrack();
      })();
      return closed;
    },
  };
}

function connectError(
  error: unknown,
  name: string,
  server: McpServerOptions,
  signal: AbortSignal | undefined,
  connectTimeoutMs: number,
): Error {
  if (signal?.aborted)
    return new AbortError({ message: 'Connecting to the MCP servers was aborted.', cause: signal.reason });
  const endpoint = describeEndpoint(server);
  const code = (error as { code?: unknown } | null)?.code;
  const detail = (error instanceof Error ? error.message : String(error)).replace(/^MCP error -?\d+: /, '');
  let message: string;
  if (code === 'ENOENT') {
    message = `MCP server "${name}": could not start ${endpoint}: not found. Is it installed and on PATH? (The server gets this process's PATH.)`;
  } else if (code === -32001) {
    message = `MCP server "${name}" (${endpoint}) did not finish the MCP handshake within ${connectTimeoutMs} ms. Raise connectTimeoutMs if it starts slowly.`;
  } else if (code === -32000 && 'command' in server) {
    message = `MCP server "${name}": ${endpoint} exited or closed its output before the MCP handshake finished. Run it by hand to see its error output.`;
  } else {
    message = `MCP server "${name}": could not connect to ${endpoint}: ${detail}`;
  }
  return new McpConnectionError({ server: name, message, cause: error });
}
