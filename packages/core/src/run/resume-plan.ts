import { InvalidOptionError } from '../errors/invalid-option-error.js';
import type { Tool } from '../tool/tool.js';
import type { ResumePlan } from './run-loop.js';
import type { ResumeOptions, RunState } from './run-state.js';

/**
 * Checks a stored state and the decisions for it: the state must be one `result.state` of this
 * agent's tools, and every pending call must be approved or rejected, once.
 */
export function resumePlan(
  state: RunState,
  options: ResumeOptions,
  tools: ReadonlyMap<string, Tool>,
): ResumePlan {
  if (
    typeof state !== 'object' ||
    state === null ||
    state.version !== 1 ||
    !Array.isArray(state.messages) ||
    !Array.isArray(state.pending) ||
    !Array.isArray(state.toolCalls) ||
    !Array.isArray(state.completed)
  ) {
    throw new InvalidOptionError({
      option: 'state',
      message:
        'agent.resume: `state` is not a stopped run; pass `result.state` of a run that ended with stopReason "approval-required" (JSON.parse it if you stored it).',
    });
  }
  const pendingIds = new Set(state.pending.map((call) => call.toolCallId));
  const decisions = new Map<string, { approve: boolean; reason?: string }>();
  const decide = (id: string, decision: { approve: boolean; reason?: string }) => {
    if (!pendingIds.has(id)) {
      throw new InvalidOptionError({
        option: decision.approve ? 'approve' : 'reject',
        message: `agent.resume: "${id}" is not a pending call. Pending: ${[...pendingIds].join(', ')}.`,
      });
    }
    if (decisions.has(id)) {
      throw new InvalidOptionError({
        option: 'approve',
        message: `agent.resume: "${id}" is both approved and rejected; decide once.`,
      });
    }
    decisions.set(id, decision);
  };
  for (const id of options.approve ?? []) decide(id, { approve: true });
  for (const entry of options.reject ?? []) {
    if (typeof entry === 'string') decide(entry, { approve: false });
    else
      decide(
        entry.toolCallId,
        entry.reason === undefined ? { approve: false } : { approve: false, reason: entry.reason },
      );
  }
  const undecided = [...pendingIds].filter((id) => !decisions.has(id));
  if (undecided.length > 0) {
    throw new InvalidOptionError({
      option: 'approve',
      message: `agent.resume: no decision for ${undecided.map((id) => `"${id}"`).join(', ')}; approve or reject every pending call.`,
    });
  }
  for (const call of state.pending) {
    if (!tools.has(call.toolName)) {
      throw new InvalidOptionError({
        option: 'state',
        message: `agent.resume: the state waits on tool "${call.toolName}", which this agent does not have. Resume with the agent that stopped.`,
      });
    }
  }
  return { state, decisions };
}
