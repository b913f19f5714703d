import { createAgent, type Tool } from '@toolloop/core';
import { openai } from '@toolloop/openai';
import { startSimulator } from '@toolloop/simulator';
import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../records/records.js';
import { logging } from './logging.js';

describe('logging() and the model’s own credentials', () => {
  it('scrubs a key given only to openai({ apiKey }), in any shape, from model and tool records', async () => {
    // Not sk-…, not in the environment, not listed in `secrets`: only the provider knows it.
    const key = 'gw-live-7f3a9c2e5b1d4f6a8c0e';
    const sim = await startSimulator({
      apiKey: key,
      script: [
        { toolCalls: [{ name: 'lookup', arguments: { token: key } }] },
        { text: `your key is ${key}` },
      ],
    });
    const records: LogRecord[] = [];
    const lookup: Tool<{ token: string }> = {
      name: 'lookup',
      description: 'echoes',
      jsonSchema: { type: 'object', properties: { token: { type: 'string' } } },
      parseInput: (input) => ({ success: true, data: input as { token: string } }),
      execute: ({ token }) => ({ echoed: token }),
    };
    try {
      const agent = createAgent({
        model: openai('gpt-4o-mini', { baseURL: sim.url, apiKey: key }),
        tools: [lookup],
        middleware: [logging({ sink: { write: (record) => void records.push(record) }, logPrompts: true })],
      });
      const result = await agent.run('hi');
      expect(result.text).toContain(key); // the key really went through the run
      expect(records.map((record) => record.type)).toEqual(['model-call', 'tool-call', 'model-call']);
      expect(JSON.stringify(records)).not.toContain(key);
    } finally {
      await sim.close();
    }
  });
});
