import { appendFileSync } from 'node:fs';
import { type Agent, createAgent, type ModelRequest, type Tool } from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import type { BatchItem } from '../batch-types.js';

/** Twenty items; each asks a tool once, then answers with what the tool said. */
export const crashItems: BatchItem[] = Array.from({ length: 20 }, (_, index) => ({
  custom_id: `req-${index + 1}`,
  input: `item ${index + 1}`,
}));

/**
 * A deterministic model: a tool call (its id derived from the item) on the first step, an answer
 * after. With `stall`, items from 6 on never get their answer (the call hangs): the process holds
 * items whose tool call finished but whose answer did not — the moment the crash test kills it.
 */
function turnOf(stall: boolean) {
  return (request: ModelRequest) => {
    const last = request.messages.at(-1)!;
    const item = String(request.messages.find((m) => m.role === 'user')?.content);
    if (last.role === 'user') {
      return { toolCalls: [{ toolCallId: `call-${item.replace(/\D/g, '')}`, toolName: 'lookup', arguments: { item } }] };
    }
    const delayMs = stall && Number(item.replace(/\D/g, '')) >= 6 ? 600_000 : 0;
    return { text: `answer for ${item}: ${String(last.content)}`, delayMs };
  };
}

/**
 * The agent of the crash tests. Its tool takes `toolMs`, then records that it finished (item and
 * call id) in `executions` — a tool call that finished must never run again after a crash.
 */
export function crashAgent(executions: string, toolMs: number, { stall = false } = {}): Agent {
  const lookup: Tool<{ item: string }> = {
    name: 'lookup',
    description: 'looks an item up',
    jsonSchema: { type: 'object', properties: { item: { type: 'string' } } },
    parseInput: (input) => ({ success: true, data: input as { item: string } }),
    execute: async ({ item }, { toolCallId }) => {
      await new Promise((resolve) => setTimeout(resolve, toolMs));
      appendFileSync(executions, `${item}|${toolCallId}\n`);
      return { found: item.toUpperCase() };
    },
  };
  const turn = turnOf(stall);
  return createAgent({ model: scriptedModel({ turns: Array.from({ length: 1000 }, () => turn) }), tools: [lookup] });
}
