import type { Middleware, ModelCallContext, ModelResponse } from '@toolloop/core';
import type { RedisJournal } from './redis-journal.js';

/** Options of {@link journalMiddleware}. */
export interface JournalMiddlewareOptions {
  journal: RedisJournal;
  /** Called after each model response of a run (fresh or replayed), e.g. to report progress. */
  onResponse?: (response: ModelResponse, context: ModelCallContext) => void | Promise<void>;
}

/**
 * The outermost middleware of a queue worker's agent. The run id is the job id, so one agent
 * serves every job: a step whose response is in the job's journal is answered from it (no model
 * call); a tool call whose outcome is there is answered from it (the tool does not run again).
 */
export function journalMiddleware(options: JournalMiddlewareOptions): Middleware {
  const { journal, onResponse } = options;
  return {
    name: 'queue-journal',
    async generate(request, next, context) {
      let response = await journal.modelResponse(context.runId, context.step);
      if (!response) {
        response = await next(request);
        await journal.recordModelResponse(context.runId, context.step, response);
      }
      await onResponse?.(response, context);
      return response;
    },
    async tool(call, next, context) {
      const recorded = await journal.toolOutcome(context.runId, call.toolCallId);
      if (recorded) return recorded;
      const outcome = await next(call);
      // A run aborted by cancellation did not finish the tool: leave it unrecorded.
      if (!context.signal?.aborted) {
        await journal.recordToolOutcome(context.runId, call.toolCallId, call.toolName, outcome);
      }
      return outcome;
    },
  };
}
