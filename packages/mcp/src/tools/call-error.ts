import { AbortError, TimeoutError, ToolExecutionError, ToolInputError } from '@toolloop/core';
import type { CallDescription } from './call-result-to-output.js';

/** JSON-RPC / MCP error codes the SDK's McpError carries. */
const connectionClosed = -32000;
const requestTimeout = -32001;
const methodNotFound = -32601;
const invalidParams = -32602;

interface CallFailure extends CallDescription {
  arguments: Record<string, unknown>;
  signal: AbortSignal;
  timeoutMs: number;
}

function mcpErrorCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/**
 * The toolloop error a failed `tools/call` becomes: the run's own abort or timeout as it is, a
 * timeout as TimeoutError, arguments the server rejected as ToolInputError (the model's to fix),
 * anything else as ToolExecutionError. Each names the server and tool.
 */
export function callError(error: unknown, failure: CallFailure): Error {
  const { signal, server, mcpName, toolName, toolCallId, timeoutMs } = failure;
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    return reason instanceof Error ? reason : new AbortError({ cause: reason });
  }
  const detail = (error instanceof Error ? error.message : String(error)).replace(/^MCP error -?\d+: /, '');
  const where = `MCP tool "${mcpName}" on server "${server}"`;
  switch (mcpErrorCode(error)) {
    case requestTimeout:
      return new TimeoutError({
        message: `${where} did not answer within ${timeoutMs} ms.`,
        timeoutMs,
        phase: 'tool',
        cause: error,
      });
    case invalidParams:
      return new ToolInputError({
        toolName,
        arguments: JSON.stringify(failure.arguments),
        message: `${where} rejected the arguments: ${detail}. Fix the arguments and call the tool again.`,
        cause: error,
      });
    case methodNotFound:
      return new ToolExecutionError({
        toolName,
        toolCallId,
        message: `${where} is not offered by the server any more: ${detail}`,
        cause: error,
      });
    case connectionClosed:
      return new ToolExecutionError({
        toolName,
        toolCallId,
        message: `${where} cannot be called: the connection to the server is closed (${detail}).`,
        cause: error,
      });
    default:
      return new ToolExecutionError({
        toolName,
        toolCallId,
        message: `${where} failed: ${detail}`,
        cause: error,
      });
  }
}
