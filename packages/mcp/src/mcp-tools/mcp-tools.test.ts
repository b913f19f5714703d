import { createAgent, hasErrorCode, type Tool } from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { McpConnectionError } from '../errors/mcp-connection-error.js';
import { type DemoHttpServer, demoStdioServer, startDemoHttpServer } from '../test/index.js';
import { mcpTools } from './mcp-tools.js';
import type { McpServerOptions, McpToolset } from './types.js';

// Against a real MCP server (the SDK's server half, packages/mcp/src/test) over both transports:
// a child process over stdio, and streamable HTTP on loopback.
let http: DemoHttpServer;
beforeAll(async () => {
  http = await startDemoHttpServer({ pageSize: 3 });
});
afterAll(() => http.close());

const open: McpToolset[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((toolset) => toolset.close()));
});

async function connect(server: McpServerOptions, options: { timeoutMs?: number } = {}): Promise<McpToolset> {
  const toolset = await mcpTools({ servers: { demo: server }, ...options });
  open.push(toolset);
  return toolset;
}

function byName(toolset: McpToolset, name: string): Tool {
  const tool = toolset.tools.find((candidate) => candidate.name === name);
  if (!tool) throw new Error(`no tool ${name} in ${toolset.tools.map((t) => t.name).join(', ')}`);
  return tool;
}

const transports: Array<[string, () => McpServerOptions]> = [
  ['stdio', () => demoStdioServer({ pageSize: 2 })],
  ['streamable HTTP', () => ({ url: http.url })],
];

describe.each(transports)('mcpTools over %s', (_transport, server) => {
  it('lists every tool across pages, prefixed with the server name', async () => {
    const toolset = await connect(server());
    expect(toolset.tools.map((tool) => tool.name)).toEqual([
      'demo__get_weather',
      'demo__add',
      'demo__fail',
      'demo__slow',
      'demo__tag_notes',
      'demo__environment',
      'demo__add_tool',
    ]);
  });

  it('runs MCP tools inside an agent run: structuredContent preferred, isError as a tool error', async () => {
    const toolset = await connect(server());
    const model = scriptedModel({
      turns: [
        {
          toolCalls: [
            { toolName: 'demo__get_weather', arguments: { city: '서울', unit: null } },
            { toolName: 'demo__add', arguments: { a: 2, b: 3 } },
            { toolName: 'demo__fail', arguments: {} },
          ],
        },
        { text: 'done' },
      ],
    });
    const result = await createAgent({ model, tools: [...toolset.tools] }).run('?');
    const [weather, add, fail] = result.toolCalls;
    expect(weather).toMatchObject({
      isError: false,
      output: { city: '서울', temperature: 21, unit: 'celsius' },
    });
    expect(add).toMatchObject({ isError: false, output: '5' });
    expect(fail!.isError).toBe(true);
    expect(fail!.error?.message).toContain('the demo tool failed on purpose');
    const toolMessages = model.calls[1]!.messages.filter((message) => message.role === 'tool');
    expect(toolMessages[2]).toMatchObject({ isError: true });
  });

  it('sends strict: true only for schemas that convert losslessly, and says why not for the rest', async () => {
    const toolset = await connect(server());
    const weather = byName(toolset, 'demo__get_weather');
    expect(weather.strict).toBe(true);
    expect(weather.jsonSchema).toMatchObject({ additionalProperties: false, required: ['city', 'unit'] });
    const notes = toolset.tools.find((tool) => tool.name === 'demo__tag_notes')!;
    expect(notes.strict).toBe(false);
    expect(notes.strictReason).toMatch(/tags/);
  });

  it('times a slow call out with a TimeoutError the model sees', async () => {
    const toolset = await connect(server(), { timeoutMs: 200 });
    const model = scriptedModel({
      turns: [{ toolCalls: [{ toolName: 'demo__slow', arguments: { ms: 60_000 } }] }, { text: 'ok' }],
    });
    const result = await createAgent({ model, tools: [...toolset.tools] }).run('?');
    expect(result.toolCalls[0]!.isError).toBe(true);
    expect(hasErrorCode(result.toolCalls[0]!.error, 'timeout')).toBe(true);
  });

  it('passes the run’s AbortSignal to the call', async () => {
    const toolset = await connect(server());
    const controller = new AbortController();
    const slow = byName(toolset, 'demo__slow');
    const call = Promise.resolve(
      slow.execute(
        { ms: 60_000 },
        { signal: controller.signal, toolCallId: 'c1', runId: 'r', step: 1, messages: [] },
      ),
    );
    controller.abort(new Error('stop now'));
    await expect(call).rejects.toThrow('stop now');
  });

  it('re-lists when the server announces listChanged', async () => {
    const toolset = await connect(server());
    const changed = new Promise<readonly Tool[]>((resolve) => toolset.onToolsChanged(resolve));
    await byName(toolset, 'demo__add_tool').execute(
      { name: `echo_${_transport === 'stdio' ? 'stdio' : 'http'}` },
      { signal: new AbortController().signal, toolCallId: 'c', runId: 'r', step: 1, messages: [] },
    );
    const tools = await changed;
    expect(tools.map((tool) => tool.name)).toContain(
      `demo__echo_${_transport === 'stdio' ? 'stdio' : 'http'}`,
    );
    expect(toolset.tools).toBe(tools);
  });
});

describe('mcpTools: stdio servers', () => {
  it('gives the server an allow-listed environment, never our API keys', async () => {
    process.env.OPENAI_API_KEY = 'sk-must-not-leak';
    try {
      const toolset = await connect(demoStdioServer({ env: { DEMO_SETTING: '1' } }));
      const output = (await byName(toolset, 'demo__environment').execute(
        {},
        { signal: new AbortController().signal, toolCallId: 'c', runId: 'r', step: 1, messages: [] },
      )) as { names: string[] };
      expect(output.names).toContain('PATH');
      expect(output.names).toContain('DEMO_SETTING');
      expect(output.names).not.toContain('OPENAI_API_KEY');
    } finally {
      delete process.env.OPENAI_API_KEY;
    }
  });

  it('ends the child process on close', async () => {
    const toolset = await mcpTools({ servers: { demo: demoStdioServer() } });
    const { pid } = (await byName(toolset, 'demo__environment').execute(
      {},
      { signal: new AbortController().signal, toolCallId: 'c', runId: 'r', step: 1, messages: [] },
    )) as { pid: number };
    expect(() => process.kill(pid, 0)).not.toThrow();
    await toolset.close();
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
    const model = scriptedModel({
      turns: [{ toolCalls: [{ toolName: 'demo__add', arguments: { a: 1, b: 1 } }] }, { text: '' }],
    });
    const result = await createAgent({ model, tools: [...toolset.tools] }).run('?');
    expect(result.toolCalls[0]!.isError).toBe(true);
  });

  it('names the server when its command does not exist', async () => {
    const error = await mcpTools({ servers: { ghost: { command: 'toolloop-no-such-command-xyz' } } }).catch(
      (caught: unknown) => caught,
    );
    expect(McpConnectionError.isInstance(error)).toBe(true);
    expect((error as McpConnectionError).server).toBe('ghost');
    expect((error as Error).message).toContain('ghost');
  });
});

describe('mcpTools: HTTP servers', () => {
  it('sends the configured headers and never puts them in errors', async () => {
    await connect({ url: http.url, headers: { authorization: 'Bearer secret-token-123' } });
    expect(http.requestHeaders.at(-1)?.authorization).toBe('Bearer secret-token-123');
    const error = await mcpTools({
      servers: {
        down: { url: 'http://127.0.0.1:1/mcp', headers: { authorization: 'Bearer secret-token-123' } },
      },
      connectTimeoutMs: 2_000,
    }).then(
      () => new Error('connected to a port nothing listens on'),
      (caught: unknown) => caught as Error,
    );
    expect(McpConnectionError.isInstance(error)).toBe(true);
    expect(error.message).toContain('down');
    expect(error.message).not.toContain('secret-token-123');
  });
});
