import { ToolExecutionError } from '../errors/tool-execution-error.js';
import type { Message, ToolCall } from '../messages/message.js';
import type { PreparedToolCall } from '../middleware/middleware.js';
import type { Usage } from '../model/model.js';
import { outcomeToContent } from './execute-tool-call.js';
import type { FinishedToolCall } from './finished-tool-call.js';
import {
  type CompletedToolCall,
  type PendingApproval,
  plainMessages,
  plainOutput,
  type RunState,
} from './run-state.js';
import type { ToolResult } from './types.js';

/** Positions of the calls whose tool asks for approval (calls with invalid input never do: they fail as usual). */
export async function callsNeedingApproval(calls: readonly PreparedToolCall[]): Promise<Set<number>> {
  const waiting = new Set<number>();
  for (const [index, call] of calls.entries()) {
    const rule = call.tool?.needsApproval;
    if (!rule || call.inputError) continue;
    const needed =
      rule === true ||
      (typeof rule === 'function' &&
        (await rule(call.input, { toolCallId: call.toolCallId, arguments: call.arguments })));
    if (needed) waiting.add(index);
  }
  return waiting;
}

/** The JSON state of a run stopped for approval: what ran, what waits, the conversation so far. */
export function stateOf(parts: {
  runId: string;
  step: number;
  messages: readonly Message[];
  calls: ToolCall[];
  ran: readonly FinishedToolCall[];
  prepared: readonly PreparedToolCall[];
  waiting: ReadonlySet<number>;
  usage: Usage;
  cost: number | null;
}): RunState {
  const completed: CompletedToolCall[] = parts.ran.map(({ index, result, content }) => {
    const done: CompletedToolCall = {
      index,
      toolCallId: result.toolCallId,
      toolName: result.toolName,
      arguments: result.arguments,
      input: plainOutput(result.input),
      isError: result.isError,
      content,
      durationMs: result.durationMs,
    };
    const output = plainOutput(result.output);
    if (output !== undefined) done.output = output;
    return done;
  });
  const pending: PendingApproval[] = [...parts.waiting].map((index) => {
    const call = parts.prepared[index]!;
    return {
      toolCallId: call.toolCallId,
      toolName: call.toolName,
      arguments: call.arguments,
      input: plainOutput(call.input),
    };
  });
  return {
    version: 1,
    runId: parts.runId,
    step: parts.step,
    messages: plainMessages(parts.messages),
    toolCalls: parts.calls.map((call) => ({ ...call })),
    completed,
    pending,
    usage: { ...parts.usage },
    cost: parts.cost,
  };
}

/** A call that ran before the stop, as the ToolResult it was. */
export function completedToResult(done: CompletedToolCall, step: number): ToolResult {
  const result: ToolResult = {
    toolCallId: done.toolCallId,
    toolName: done.toolName,
    arguments: done.arguments,
    input: done.input,
    isError: done.isError,
    durationMs: done.durationMs,
    step,
  };
  if (done.isError) {
    result.error = new ToolExecutionError({
      toolName: done.toolName,
      toolCallId: done.toolCallId,
      message: done.content.replace(/^Error: /, ''),
    });
  } else {
    result.output = done.output;
  }
  return result;
}

/** A pending call a human rejected: a tool error the model reads, with the reason. */
export function rejectedCall(
  index: number,
  call: PreparedToolCall,
  step: number,
  reason: string | undefined,
): FinishedToolCall {
  const error = new ToolExecutionError({
    toolName: call.toolName,
    toolCallId: call.toolCallId,
    message: `A human rejected this call of "${call.toolName}"${reason ? `: ${reason.replace(/\.?$/, '.')}` : '.'} Do not retry it unchanged.`,
  });
  return {
    index,
    content: outcomeToContent({ isError: true, error }),
    result: {
      toolCallId: call.toolCallId,
      toolName: call.toolName,
      arguments: call.arguments,
      input: call.input,
      error,
      isError: true,
      durationMs: 0,
      step,
    },
  };
}
