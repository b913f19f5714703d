import { ToolExecutionError } from '@toolloop/core';

/** The parts of an MCP `tools/call` result this package reads. */
export interface CallToolResultLike {
  content?: ReadonlyArray<Record<string, unknown>>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

/** Names the call in errors. */
export interface CallDescription {
  toolName: string;
  toolCallId: string;
  server: string;
  mcpName: string;
}

function describePart(part: Record<string, unknown>): string {
  switch (part.type) {
    case 'text':
      return String(part.text ?? '');
    case 'image':
    case 'audio': {
      const bytes = typeof part.data === 'string' ? Math.floor((part.data.length * 3) / 4) : 0;
      return `[${part.type} ${String(part.mimeType ?? 'unknown type')}, ${bytes} bytes, not shown]`;
    }
    case 'resource': {
      const resource = (part.resource ?? {}) as Record<string, unknown>;
      if (typeof resource.text === 'string') return resource.text;
      return `[resource ${String(resource.uri ?? '')} ${String(resource.mimeType ?? '')}]`.replace(
        / \]$/,
        ']',
      );
    }
    case 'resource_link':
      return `[resource link ${String(part.uri ?? '')}${typeof part.name === 'string' ? ` "${part.name}"` : ''}]`;
    default:
      return `[${String(part.type)} content]`;
  }
}

/** The result's content as text: text parts as they are, other parts named in brackets. */
export function contentToText(content: ReadonlyArray<Record<string, unknown>> | undefined): string {
  return (content ?? []).map(describePart).join('\n');
}

/**
 * What an MCP tool result gives the model: `structuredContent` when the server sent it (typed
 * data beats its text rendering), else the content as text. A result with `isError` becomes a
 * ToolExecutionError carrying the server's words, which the model reads and can react to.
 */
export function callResultToOutput(result: CallToolResultLike, call: CallDescription): unknown {
  if (result.isError) {
    const text = contentToText(result.content) || JSON.stringify(result.structuredContent ?? {});
    throw new ToolExecutionError({
      toolName: call.toolName,
      toolCallId: call.toolCallId,
      message: `MCP tool "${call.mcpName}" on server "${call.server}" reported an error: ${text}`,
    });
  }
  if (result.structuredContent !== undefined) return result.structuredContent;
  return contentToText(result.content);
}
