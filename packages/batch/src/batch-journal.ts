import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { type Middleware, type ModelResponse, ToolExecutionError, type ToolOutcome } from '@toolloop/core';

type JournalEntry =
  | { kind: 'model'; key: string; response: ModelResponse }
  | {
      kind: 'tool';
      key: string;
      outcome: { isError: false; output: unknown } | { isError: true; message: string };
    };

/**
 * What each unfinished item has already done — its model answers by step and its tool outcomes by
 * call id — appended as it happens. A batch resumed after a crash replays them instead of calling
 * the model again or running a tool twice: the item picks up exactly where it was cut off.
 */
export class BatchJournal {
  private readonly entries = new Map<string, JournalEntry>();

  constructor(private readonly path: string) {
    if (!existsSync(path)) return;
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (!line) continue;
      try {
        const entry = JSON.parse(line) as JournalEntry;
        this.entries.set(entry.key, entry);
      } catch {
        // A line cut short by the crash: that step is simply done again.
      }
    }
  }

  /** The middleware that records (and on resume replays) one item's steps and tool calls. */
  middlewareFor(customId: string): Middleware {
    return {
      name: 'batch-journal',
      generate: async (request, next, context) => {
        const key = `${customId}\u0000model\u0000${context.step}`;
        const done = this.entries.get(key);
        if (done?.kind === 'model') return done.response;
        const response = await next(request);
        this.append({ kind: 'model', key, response });
        return response;
      },
      tool: async (call, next) => {
        const key = `${customId}\u0000tool\u0000${call.toolCallId}`;
        const done = this.entries.get(key);
        if (done?.kind === 'tool') {
          if (!done.outcome.isError) return { isError: false, output: done.outcome.output };
          return {
            isError: true,
            error: new ToolExecutionError({
              toolName: call.toolName,
              toolCallId: call.toolCallId,
              message: done.outcome.message,
            }),
          };
        }
        const outcome: ToolOutcome = await next(call);
        this.append({
          kind: 'tool',
          key,
          outcome: outcome.isError
            ? { isError: true, message: outcome.error.message }
            : { isError: false, output: outcome.output },
        });
        return outcome;
      },
    };
  }

  private append(entry: JournalEntry): void {
    let line: string;
    try {
      line = JSON.stringify(entry);
    } catch {
      return; // not JSON (a BigInt output): this step would be done again after a crash, nothing worse
    }
    this.entries.set(entry.key, entry);
    // One synchronous write per line: a crash leaves whole lines (and at most one cut-off last line).
    appendFileSync(this.path, `${line}\n`);
  }
}
