import { NoSuchToolError } from '../errors/no-such-tool-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { ToolExecutionError } from '../errors/tool-execution-error.js';
import { ToolInputError } from '../errors/tool-input-error.js';
import { ToolloopError } from '../errors/toolloop-error.js';
import type { Message, ToolCall } from '../messages/message.js';
import type { PreparedToolCall, ToolOutcome } from '../middleware/middleware.js';
import { onAbort } from '../signal/on-abort.js';
import type { Tool, ToolInputParseResult } from '../tool/tool.js';

/**
 * Parses and validates a call's arguments. `""` means `{}` (servers send it for no-argument
 * tools). Failures become errors the model will read, so they say what to fix.
 */
export function prepareToolCall(call: ToolCall, tools: ReadonlyMap<string, Tool>): PreparedToolCall {
  const info: PreparedToolCall = {
    toolCallId: call.toolCallId,
    toolName: call.toolName,
    arguments: call.arguments,
    input: undefined,
    tool: tools.get(call.toolName),
  };
  const tool = info.tool;
  if (!tool) {
    info.inputError = new NoSuchToolError({ toolName: call.toolName, availableTools: [...tools.keys()] });
    return info;
  }
  let parsed: unknown;
  const raw = call.arguments.trim();
  if (raw === '') {
    parsed = {};
  } else {
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      info.inputError = new ToolInputError({
        toolName: call.toolName,
        arguments: call.arguments,
        message: `The arguments for tool "${call.toolName}" are not valid JSON (${(error as Error).message}). Send a JSON object matching the tool's parameters schema.`,
        cause: error,
      });
      return info;
    }
  }
  let result: ToolInputParseResult<unknown>;
  try {
    result = tool.parseInput(parsed);
  } catch (error) {
    // A hand-written parseInput (or a zod transform) may throw instead of returning a failure.
    result = { success: false, error: error instanceof Error ? error.message : String(error) };
  }
  if (!result.success) {
    info.inputError = new ToolInputError({
      toolName: call.toolName,
      arguments: call.arguments,
      message: `The arguments for tool "${call.toolName}" do not match its schema: ${result.error}. Fix the arguments and call the tool again.`,
    });
    return info;
  }
  info.input = result.data;
  return info;
}

export interface ExecuteContext {
  runId: string;
  step: number;
  signal: AbortSignal | undefined;
  messages: readonly Message[];
}

/** The innermost step of the tool onion: run the tool with its timeout and the run's signal. */
export async function executeTool(call: PreparedToolCall, context: ExecuteContext): Promise<ToolOutcome> {
  if (call.inputError) return { isError: true, error: call.inputError };
  const tool = call.tool;
  if (!tool)
    return { isError: true, error: new NoSuchToolError({ toolName: call.toolName, availableTools: [] }) };
  const controller = new AbortController();
  const dispose = onAbort(context.signal, () => controller.abort(context.signal?.reason));
  let timer: NodeJS.Timeout | undefined;
  try {
    const running = Promise.resolve().then(() =>
      tool.execute(call.input, {
        signal: controller.signal,
        toolCallId: call.toolCallId,
        runId: context.runId,
        step: context.step,
        messages: context.messages,
      }),
    );
    let output: unknown;
    if (tool.timeoutMs !== undefined) {
      const timeoutMs = tool.timeoutMs;
      output = await Promise.race([
        running,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            const error = new TimeoutError({
              message: `Tool "${tool.name}" did not finish within ${timeoutMs} ms.`,
              timeoutMs,
              phase: 'tool',
            });
            controller.abort(error);
            reject(error);
          }, timeoutMs);
        }),
      ]);
    } else {
      output = await running;
    }
    return { isError: false, output };
  } catch (error) {
    if (ToolloopError.isInstance(error)) return { isError: true, error };
    const message = error instanceof Error ? error.message : String(error);
    return {
      isError: true,
      error: new ToolExecutionError({
        toolName: tool.name,
        toolCallId: call.toolCallId,
        message: `Tool "${tool.name}" failed: ${message}`,
        cause: error,
      }),
    };
  } finally {
    if (timer) clearTimeout(timer);
    dispose();
  }
}

function bigintAsString(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/**
 * The text the model reads for a tool outcome. BigInts are sent as decimal strings; throws when
 * the output cannot be JSON (a circular object, a throwing toJSON).
 */
export function outcomeToContent(outcome: ToolOutcome): string {
  if (outcome.isError) return `Error: ${outcome.error.message}`;
  const { output } = outcome;
  if (typeof output === 'string') return output;
  if (output === undefined) return '';
  let json: string | undefined;
  try {
    // Without a replacer JSON.stringify takes its fast path; only a BigInt (or a circular value,
    // which throws again below) needs the second pass.
    json = JSON.stringify(output);
  } catch {
    json = JSON.stringify(output, bigintAsString);
  }
  return json ?? String(output);
}
