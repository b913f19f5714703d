import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createDemoServer, type DemoServerOptions, type DemoServerState } from './create-demo-server.js';

/** A running demo MCP server over streamable HTTP on loopback. */
export interface DemoHttpServer {
  /** The MCP endpoint, e.g. `http://127.0.0.1:41234/mcp`. */
  readonly url: string;
  readonly state: DemoServerState;
  /** Headers of every request received, lower-cased, in order. */
  readonly requestHeaders: Array<Record<string, string | string[] | undefined>>;
  /** Closes every session and the listening socket. */
  close(): Promise<void>;
}

/**
 * Starts the demo MCP server over streamable HTTP (stateful sessions) on 127.0.0.1, a random port.
 * @example const demo = await startDemoHttpServer(); const mcp = await mcpTools({ servers: { demo: { url: demo.url } } });
 */
export async function startDemoHttpServer(options: DemoServerOptions = {}): Promise<DemoHttpServer> {
  const { StreamableHTTPServerTransport: Transport } = await import(
    '@modelcontextprotocol/sdk/server/streamableHttp.js'
  );
  const state = await createDemoServer(options);
  const transports = new Map<string, StreamableHTTPServerTransport>();
  const requestHeaders: DemoHttpServer['requestHeaders'] = [];

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    requestHeaders.push({ ...request.headers });
    if (!request.url?.startsWith('/mcp')) {
      response.writeHead(404).end();
      return;
    }
    const sessionId = request.headers['mcp-session-id'];
    const existing = typeof sessionId === 'string' ? transports.get(sessionId) : undefined;
    if (existing) {
      await existing.handleRequest(request, response);
      return;
    }
    if (request.method !== 'POST' || sessionId !== undefined) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null }),
      );
      return;
    }
    // A new session: one transport and one Server per client.
    const transport: StreamableHTTPServerTransport = new Transport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        transports.set(id, transport);
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) transports.delete(transport.sessionId);
    };
    const server = await state.createSession();
    await server.connect(transport);
    await transport.handleRequest(request, response);
  }

  const http = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    state,
    requestHeaders,
    async close() {
      await Promise.allSettled([...transports.values()].map((transport) => transport.close()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
