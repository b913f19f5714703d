import type { Message, ToolCall } from '../messages/message.js';
import type { Usage } from '../model/model.js';

/** A tool call waiting for a human's decision. */
export interface PendingApproval {
  toolCallId: string;
  toolName: string;
  /** The model's raw JSON arguments. */
  arguments: string;
  /** The validated input the tool would run with. */
  input: unknown;
}

/** A call of the stopped step that already ran; kept so resuming never runs it again. */
export interface CompletedToolCall {
  /** Position in the model's response. */
  index: number;
  toolCallId: string;
  toolName: string;
  arguments: string;
  input: unknown;
  isError: boolean;
  /** The output when it was plain JSON data; else undefined (the model's copy is `content`). */
  output?: unknown;
  /** What the model reads for this call. */
  content: string;
  durationMs: number;
}

/**
 * A run stopped for approval, as plain JSON: store it (`JSON.stringify`) and pass it, parsed, to
 * `agent.resume()` in this process or another. Image bytes are kept as base64.
 */
export interface RunState {
  /** Format version, for stored states. */
  version: 1;
  runId: string;
  /** The step whose tool calls wait; the run continues with step + 1. */
  step: number;
  /** The conversation up to and including the assistant message with the calls. */
  messages: Message[];
  /** Every tool call of the stopped step, in the model's order. */
  toolCalls: ToolCall[];
  completed: CompletedToolCall[];
  pending: PendingApproval[];
  /** Billed usage and cost of the run so far. */
  usage: Usage;
  cost: number | null;
}

/** A rejection with the reason the model is told. */
export interface ToolRejection {
  toolCallId: string;
  reason?: string;
}

/** Options of `agent.resume()`: a decision for every pending call, plus the usual run options. */
export interface ResumeOptions {
  /** Ids of the pending calls to run. */
  approve?: readonly string[];
  /** Ids (or `{ toolCallId, reason }`) of the pending calls not to run; the model gets a tool error. */
  reject?: ReadonlyArray<string | ToolRejection>;
  signal?: AbortSignal;
}

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** The messages as plain JSON data: image bytes become base64 strings. */
export function plainMessages(messages: readonly Message[]): Message[] {
  return messages.map((message) => {
    if (message.role !== 'user' || typeof message.content === 'string') return message;
    return {
      ...message,
      content: message.content.map((part) =>
        part.type === 'image' && 'data' in part && part.data instanceof Uint8Array
          ? { ...part, data: toBase64(part.data) }
          : part,
      ),
    };
  });
}

/** The value when JSON keeps it as it is (plain data), else undefined. */
export function plainOutput(output: unknown): unknown {
  if (output === undefined) return undefined;
  try {
    const text = JSON.stringify(output);
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}
