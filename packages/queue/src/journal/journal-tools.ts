import type { Tool, ToolExecuteContext } from '@toolloop/core';
import type { RedisJournal } from './redis-journal.js';

/** What a tool run by a queue worker receives: the usual context plus `resumed`. */
export interface QueueToolContext extends ToolExecuteContext {
  /**
   * True when an earlier delivery of this job started this very call and died before recording
   * its outcome: the one case where a tool may run twice. Use `toolCallId` as an idempotency key.
   */
  resumed: boolean;
}

/**
 * Wraps each tool so its execute first marks the call as started in the job's journal and learns
 * whether an earlier delivery had started it (`context.resumed`).
 */
export function journalTools(options: { tools: readonly Tool[]; journal: RedisJournal }): Tool[] {
  const { tools, journal } = options;
  return tools.map((tool) => ({
    name: tool.name,
    description: tool.description,
    jsonSchema: tool.jsonSchema,
    ...(tool.strict === undefined ? {} : { strict: tool.strict }),
    ...(tool.timeoutMs === undefined ? {} : { timeoutMs: tool.timeoutMs }),
    parseInput: (input: unknown) => tool.parseInput(input),
    async execute(input: unknown, context: ToolExecuteContext) {
      const first = await journal.markToolStarted(context.runId, context.toolCallId);
      const queueContext: QueueToolContext = { ...context, resumed: !first };
      return tool.execute(input, queueContext);
    },
  }));
}
