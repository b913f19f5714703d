import type { Tool, ToolExecuteContext, ToolInputParseResult } from '@toolloop/core';
import { type JsonSchema, toLooseJsonSchema, toStrictJsonSchema } from '@toolloop/tools';
import { callError } from './call-error.js';
import { type CallToolResultLike, callResultToOutput } from './call-result-to-output.js';

/** A toolloop tool backed by a tool of an MCP server. */
export interface McpTool extends Tool<Record<string, unknown>, unknown> {
  /** The server's name in `mcpTools({ servers })`. */
  readonly server: string;
  /** The tool's own name on its server (what `tools/call` receives). */
  readonly mcpName: string;
  /** Why the schema is sent without `strict: true`; undefined when it is strict. */
  readonly strictReason: string | undefined;
}

/** A tool as `tools/list` describes it (the fields this package reads). */
export interface McpToolDefinition {
  name: string;
  title?: string | undefined;
  description?: string | undefined;
  inputSchema: Record<string, unknown>;
  annotations?: { title?: string | undefined } | undefined;
}

/** Sends one `tools/call`; the SDK client's `callTool`, narrowed. */
export type CallTool = (
  request: { name: string; arguments: Record<string, unknown> },
  options: { signal: AbortSignal; timeout: number },
) => Promise<CallToolResultLike>;

/** Options of `createMcpTool`. */
export interface CreateMcpToolOptions {
  /** The agent-side name (see assignToolNames). */
  name: string;
  server: string;
  definition: McpToolDefinition;
  /** `'auto'`: strict when the schema converts losslessly; `false`: never. */
  strict: 'auto' | false;
  timeoutMs: number;
  call: CallTool;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Wraps one MCP tool as a toolloop Tool. The input schema is converted once, here: strict when
 * `toStrictJsonSchema` can do it losslessly, else sent as the server wrote it (reason kept in
 * `strictReason`). `parseInput` maps the model's nulls back to absent fields; the server itself
 * validates the arguments, and its complaint reaches the model as a tool error.
 */
export function createMcpTool(options: CreateMcpToolOptions): McpTool {
  const { name, server, definition, timeoutMs, call } = options;
  const mcpName = definition.name;
  const inputSchema = definition.inputSchema as JsonSchema;
  const converted =
    options.strict === 'auto'
      ? toStrictJsonSchema(inputSchema)
      : {
          ...toLooseJsonSchema(inputSchema),
          strict: false as const,
          reason: 'strict conversion is turned off',
        };
  const description =
    definition.description?.trim() ||
    definition.title ||
    definition.annotations?.title ||
    `Tool "${mcpName}" of the MCP server "${server}".`;

  return {
    name,
    description,
    jsonSchema: converted.schema,
    strict: converted.strict,
    server,
    mcpName,
    strictReason: converted.strict ? undefined : converted.reason,
    parseInput(value: unknown): ToolInputParseResult<Record<string, unknown>> {
      if (!isObject(value)) {
        return {
          success: false,
          error: `the arguments must be a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}`,
        };
      }
      const restored = converted.restore(value);
      if (!isObject(restored)) {
        return {
          success: false,
          error: `the arguments must describe a JSON object, got ${JSON.stringify(restored)}`,
        };
      }
      return { success: true, data: restored };
    },
    async execute(input: Record<string, unknown>, context: ToolExecuteContext): Promise<unknown> {
      const description = { toolName: name, toolCallId: context.toolCallId, server, mcpName };
      let result: CallToolResultLike;
      try {
        result = await call(
          { name: mcpName, arguments: input },
          { signal: context.signal, timeout: timeoutMs },
        );
      } catch (error) {
        throw callError(error, { ...description, arguments: input, signal: context.signal, timeoutMs });
      }
      return callResultToOutput(result, description);
    },
  };
}
