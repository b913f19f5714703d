// toolloop as its Quick start uses it: createAgent + openai() + the tool; streams via agent.stream().
import { createAgent, type Middleware } from '@toolloop/core';
import { openai } from '@toolloop/openai';
import { Agent } from 'undici';
import type { BenchClient, ClientOptions } from './bench-client.js';
import { passThrough } from './pass-through-middleware.js';
import { prompt, weather } from './weather.js';

/** toolloop: `agent.run()` for the tool loop, `agent.stream()` for streams. */
export function toolloopClient({ baseURL }: ClientOptions, middleware: Middleware[] = []): BenchClient {
  const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 128 });
  const model = openai('gpt-4o-mini', { baseURL, apiKey: 'sk-bench', dispatcher });
  const agent = createAgent({ model, tools: [weather], middleware });
  return {
    toolLoop: async () => (await agent.run(prompt)).text,
    async stream() {
      let out = '';
      for await (const event of agent.stream('go')) if (event.type === 'text-delta') out += event.delta;
      return out;
    },
    close: () => dispatcher.close(),
  };
}

/** toolloop with one pass-through middleware: what the onion itself costs per call and per part. */
export function toolloopMiddlewareClient(options: ClientOptions): BenchClient {
  return toolloopClient(options, [passThrough]);
}

/** toolloop's provider alone (`model.stream()`), to tell the provider's cost from the loop's. */
export function toolloopModelClient({ baseURL }: ClientOptions): BenchClient {
  const dispatcher = new Agent({ keepAliveTimeout: 30_000 });
  const model = openai('gpt-4o-mini', { baseURL, apiKey: 'sk-bench', dispatcher });
  return {
    async stream() {
      let out = '';
      for await (const part of model.stream({ messages: [{ role: 'user', content: 'go' }] })) {
        if (part.type === 'text-delta') out += part.delta;
      }
      return out;
    },
    close: () => dispatcher.close(),
  };
}
