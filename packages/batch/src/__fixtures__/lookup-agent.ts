import { appendFileSync } from 'node:fs';
import { type Agent, createAgent, type Tool } from '@toolloop/core';
import { openai } from '@toolloop/openai';
import type { ChatRequestBody, Turn } from '@toolloop/simulator';

/** An agent over the simulator whose `lookup` tool appends each execution's call id to `executions`. */
export function lookupAgent(baseURL: string, apiKey: string, executions: string): Agent {
  const lookup: Tool<{ key: string }> = {
    name: 'lookup',
    description: 'looks a key up',
    jsonSchema: { type: 'object', properties: { key: { type: 'string' } }, required: ['key'] },
    parseInput: (input) => ({ success: true, data: input as { key: string } }),
    execute: ({ key }, { toolCallId }) => {
      appendFileSync(executions, `${toolCallId}\n`);
      return { value: key.toUpperCase() };
    },
  };
  return createAgent({ model: openai('gpt-4o-mini', { baseURL, apiKey }), tools: [lookup], maxSteps: 6 });
}

/** Two tool rounds, then an answer; the call ids name the item and the step, so a re-run shows. */
export const threeRounds: Turn = (request: ChatRequestBody) => {
  const item = String(request.messages.find((m) => m.role === 'user')?.content);
  const toolResults = request.messages.filter((m) => m.role === 'tool').length;
  if (toolResults < 2) {
    return {
      toolCalls: [
        {
          id: `call_${item.replace(/\W/g, '')}_${toolResults + 1}`,
          name: 'lookup',
          arguments: { key: `${item}-${toolResults + 1}` },
        },
      ],
    };
  }
  return { text: `done: ${item}` };
};
