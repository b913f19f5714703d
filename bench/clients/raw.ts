// The floor: what a careful user hand-writes on undici.request with one keep-alive Agent.
import { Agent, request } from 'undici';
import type { BenchClient, ClientOptions } from './bench-client.js';
import { prompt, weather } from './weather.js';

interface Completion {
  choices: Array<{
    message: {
      content: string | null;
      tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
    };
  }>;
}

/** The raw baseline: a hand-written loop on `undici.request` and a hand-split SSE reader. */
export function rawClient({ baseURL }: ClientOptions): BenchClient {
  const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 128 });
  const url = `${baseURL}/chat/completions`;
  const tools = [
    {
      type: 'function',
      function: { name: weather.name, description: weather.description, parameters: weather.jsonSchema },
    },
  ];
  const streamBody = JSON.stringify({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'go' }],
    stream: true,
  });
  let reads = 0;

  return {
    async toolLoop() {
      const messages: unknown[] = [{ role: 'user', content: prompt }];
      for (let step = 0; step < 4; step++) {
        const { body } = await request(url, {
          method: 'POST',
          dispatcher,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'gpt-4o-mini', messages, tools }),
        });
        const message = ((await body.json()) as Completion).choices[0]!.message;
        if (!message.tool_calls?.length) return message.content ?? '';
        messages.push(message);
        for (const call of message.tool_calls) {
          const input = weather.parseInput(JSON.parse(call.function.arguments));
          if (!input.success) throw new Error(input.error);
          const output = await weather.execute(input.data, {
            signal: new AbortController().signal,
            toolCallId: call.id,
            runId: 'raw',
            step,
            messages: [],
          });
          messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(output) });
        }
      }
      throw new Error('raw loop did not finish in 4 steps');
    },

    // Bytes → lines → JSON.parse → content, the least a correct client must do. A floor, not a
    // peer: only `\n\n`-separated single-line `data:` events (no CR/CRLF, comments, multi-line
    // data, `event: error`, finish or usage), and nothing handed to a consumer.
    async stream() {
      const response = await request(url, {
        method: 'POST',
        dispatcher,
        headers: { 'content-type': 'application/json' },
        body: streamBody,
      });
      const decoder = new TextDecoder();
      let buffer = '';
      let out = '';
      reads = 0;
      for await (const chunk of response.body) {
        reads++;
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end !== -1) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (event.startsWith('data: ') && event !== 'data: [DONE]') {
            const json = JSON.parse(event.slice(6)) as { choices: Array<{ delta: { content?: string } }> };
            out += json.choices[0]?.delta.content ?? '';
          }
          end = buffer.indexOf('\n\n');
        }
      }
      return out;
    },

    lastStreamReads: () => reads,
    close: () => dispatcher.close(),
  };
}
