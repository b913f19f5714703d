// Tools from MCP servers: a demo MCP server from this repository, reached two ways — as a child
// process over stdio and over streamable HTTP on 127.0.0.1 — and handed to an agent as tools.
// Offline (no OPENAI_API_KEY / OPENAI_BASE_URL) the model is the built-in simulator.
//   npm start                                   → What is the weather in Seoul?
//   npm start -- "Add 2 and 3"
import { createAgent } from '@toolloop/core';
import { mcpTools } from '@toolloop/mcp';
import { demoStdioServer, startDemoHttpServer } from '@toolloop/mcp/test';
import { openai } from '@toolloop/openai';
import { endpointFromEnv } from '@toolloop/simulator';

const prompt = process.argv.slice(2).join(' ').trim() || 'What is the weather in Seoul?';
const endpoint = await endpointFromEnv();
console.log(endpoint.description);

const http = await startDemoHttpServer();
const mcp = await mcpTools({
  servers: {
    web: { url: http.url },
    // A child process; it gets PATH, HOME and the like, never OPENAI_API_KEY.
    local: demoStdioServer(),
  },
  timeoutMs: 10_000,
});

try {
  for (const tool of mcp.tools) {
    console.log(`tool ${tool.name} (${tool.strict ? 'strict' : `not strict: ${tool.strictReason}`})`);
  }
  const agent = createAgent({
    model: openai(endpoint.model, { baseURL: endpoint.baseURL, apiKey: endpoint.apiKey }),
    instructions: 'Answer briefly, using the tools.',
    tools: [...mcp.tools],
    maxSteps: 5,
  });
  console.log(`question: ${prompt}`);
  const result = await agent.run(prompt);
  for (const call of result.toolCalls) {
    const shown = call.isError ? `error: ${call.error?.message}` : JSON.stringify(call.output);
    console.log(`→ ${call.toolName}(${call.arguments}) ← ${shown}`);
  }
  console.log(`answer: ${result.text}`);
} finally {
  await mcp.close(); // ends the stdio server's process and the HTTP session
  await http.close();
  await endpoint.close();
}
