import type { Message } from '../messages/message.js';

/** What `Tool.parseInput` returns: the validated input, or an error text the model is shown so it can fix its call. */
export type ToolInputParseResult<Input> = { success: true; data: Input } | { success: false; error: string };

/** What a tool's `needsApproval` function receives besides the input. */
export interface ApprovalRequestContext {
  toolCallId: string;
  /** The model's raw JSON arguments. */
  arguments: string;
}

/** What a tool's execute receives besides its input. */
export interface ToolExecuteContext {
  /** Fires when the run is aborted or the tool's timeout passes; pass it on to fetch and friends. */
  signal: AbortSignal;
  toolCallId: string;
  runId: string;
  step: number;
  /** The conversation so far (read-only). */
  messages: readonly Message[];
}

/**
 * A tool the model can call. Build one with `defineTool` from `@toolloop/tools`; core only needs
 * this shape, so any object that has it works.
 */
export interface Tool<Input = any, Output = unknown> {
  readonly name: string;
  readonly description: string;
  /** JSON Schema of the arguments object, computed once at definition time. */
  readonly jsonSchema: Record<string, unknown>;
  /** Ask the provider to enforce `jsonSchema` exactly (OpenAI strict mode); see ToolSpec.strict. */
  readonly strict?: boolean;
  /** Per-call limit; past it the call fails with a TimeoutError the model sees. */
  readonly timeoutMs?: number;
  /**
   * Ask a human before running: `true`, or a function of the validated input. A call that needs
   * approval stops the run (`stopReason: 'approval-required'`) until `agent.resume()` decides it.
   */
  readonly needsApproval?:
    | boolean
    | ((input: Input, call: ApprovalRequestContext) => boolean | Promise<boolean>);
  /** Validates (and fills defaults of) the parsed JSON arguments. */
  parseInput(input: unknown): ToolInputParseResult<Input>;
  /** Does the work; its return value is sent to the model as the result, a throw as an error it can react to. */
  execute(input: Input, context: ToolExecuteContext): Promise<Output> | Output;
}
