/**
 * The demo MCP server over stdio: `node --import tsx stdio-server-main.ts [pageSize]`. Started as a
 * child process by tests and `examples/mcp` (see `demoStdioServer`).
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createDemoServer } from './create-demo-server.js';

const pageSize = process.argv[2] === undefined ? undefined : Number(process.argv[2]);
const state = await createDemoServer(pageSize === undefined ? {} : { pageSize });
const server = await state.createSession();
await server.connect(new StdioServerTransport());
