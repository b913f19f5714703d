import type { Message } from '../messages/message.js';
import type { Middleware } from '../middleware/middleware.js';
import type { ToolChoice, ToolSpec, Usage } from '../model/model.js';
import type { OutputPlan } from '../output/output-plan.js';
import type { OutputSpec } from '../output/output-spec.js';
import type { BatchItemRef } from './batch-item-ref.js';
import type { RunState } from './run-state.js';
import type { StepResult, ToolResult } from './types.js';

/** What one run has done so far (internal; `RunState` is the public state of a run stopped for approval). Lives in its runLoop frame only, so concurrent runs share nothing. */
export interface LoopState {
  readonly runId: string;
  /** The run's middleware (outermost first): `RunOptions.middleware`, then the agent's. */
  readonly middleware: readonly Middleware[];
  readonly signal: AbortSignal | undefined;
  /** `RunOptions.batchItem`, handed to every model and tool call context. */
  readonly batchItem: BatchItemRef | undefined;
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
  /** How the run asks for its typed answer, when it asks for one. */
  readonly plan: OutputPlan | undefined;
  /** The spec the plan reads answers with (the run's, else the agent's). */
  readonly outputSpec: OutputSpec | undefined;
  /** The tools sent with each call: the agent's, plus the final-answer function of the `tool` strategy. */
  readonly requestTools: ToolSpec[] | undefined;
  readonly requestToolChoice: ToolChoice | undefined;
  /** Set when a step stopped for approval: the JSON state `agent.resume()` continues from. */
  stopped?: RunState;
}
