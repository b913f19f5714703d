// openai-node 6 the two ways its users write a tool loop and read a stream.
import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import type { BenchClient, ClientOptions } from './bench-client.js';
import { prompt, runWeather, type WeatherInput, weather, weatherInput } from './weather.js';

function client(baseURL: string): OpenAI {
  return new OpenAI({ baseURL, apiKey: 'sk-bench' });
}

const tools: ChatCompletionTool[] = [
  {
    type: 'function',
    function: { name: weather.name, description: weather.description, parameters: weather.jsonSchema },
  },
];

/** openai-node by hand: a loop on `chat.completions.create`, and `create({ stream: true })`. */
export function openaiCreateClient({ baseURL }: ClientOptions): BenchClient {
  const openai = client(baseURL);
  return {
    async toolLoop() {
      const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: prompt }];
      for (let step = 0; step < 4; step++) {
        const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, tools });
        const message = completion.choices[0]!.message;
        if (!message.tool_calls?.length) return message.content ?? '';
        messages.push(message);
        for (const call of message.tool_calls) {
          if (call.type !== 'function') throw new Error(`unexpected tool call type ${call.type}`);
          const input = weather.parseInput(JSON.parse(call.function.arguments));
          if (!input.success) throw new Error(input.error);
          const output = await runWeather(input.data, call.id);
          messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(output) });
        }
      }
      throw new Error('openai-node loop did not finish in 4 steps');
    },
    async stream() {
      const stream = await openai.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'go' }],
        stream: true,
      });
      let out = '';
      for await (const chunk of stream) out += chunk.choices[0]?.delta.content ?? '';
      return out;
    },
  };
}

/** openai-node's helpers: `chat.completions.runTools()` and `chat.completions.stream()`. */
export function openaiHelperClient({ baseURL }: ClientOptions): BenchClient {
  const openai = client(baseURL);
  return {
    async toolLoop() {
      const runner = openai.chat.completions.runTools({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: prompt }],
        tools: [
          {
            type: 'function',
            function: {
              name: weather.name,
              description: weather.description,
              parameters: weather.jsonSchema,
              parse: (text: string) => weatherInput.parse(JSON.parse(text)),
              function: (input: WeatherInput, runner: { messages: unknown[] }) =>
                runWeather(input, `call_${runner.messages.length}`),
            },
          },
        ],
      });
      return (await runner.finalContent()) ?? '';
    },
    async stream() {
      const stream = openai.chat.completions.stream({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'go' }],
      });
      let out = '';
      for await (const chunk of stream) out += chunk.choices[0]?.delta.content ?? '';
      return out;
    },
  };
}
