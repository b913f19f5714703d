import type { Message } from '../messages/message.js';
import type { Middleware } from '../middleware/middleware.js';
import type { Usage } from '../model/model.js';
import type { StepResult, ToolResult } from './types.js';

/** What one run has done so far. Lives in its runLoop frame only, so concurrent runs share nothing. */
export interface RunState {
  readonly runId: string;
  /** The run's middleware (outermost first): `RunOptions.middleware`, then the agent's. */
  readonly middleware: readonly Middleware[];
  readonly signal: AbortSignal | undefined;
  /** The conversation: system, input, then each step's assistant and tool messages. */
  readonly messages: Message[];
  readonly steps: StepResult[];
  /** Every tool call of the run, in step and call order. */
  readonly toolResults: ToolResult[];
  /** Billed usage (cache hits add none). */
  usage: Usage;
  /** USD so far; null once any step's cost is unknown. */
  cost: number | null;
  /** How many messages the previous model call was sent, so the budget counts only what was added. */
  messagesAtPreviousCall: number;
}
