// The AI SDK 6 as its docs show: generateText with tools and stopWhen, streamText.
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, stepCountIs, streamText, tool } from 'ai';
import type { BenchClient, ClientOptions } from './bench-client.js';
import { prompt, runWeather, weather, weatherInput } from './weather.js';

/** The AI SDK over `@ai-sdk/openai`'s Chat Completions model (`.chat()`; the default is Responses). */
export function aiSdkClient({ baseURL }: ClientOptions): BenchClient {
  (globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;
  const model = createOpenAI({ baseURL, apiKey: 'sk-bench' }).chat('gpt-4o-mini');
  const tools = {
    [weather.name]: tool({
      description: weather.description,
      inputSchema: weatherInput,
      execute: (input, { toolCallId }) => runWeather(input, toolCallId),
    }),
  };
  return {
    async toolLoop() {
      const result = await generateText({ model, prompt, tools, stopWhen: stepCountIs(4) });
      return result.text;
    },
    async stream() {
      const result = streamText({ model, prompt: 'go' });
      let out = '';
      for await (const part of result.fullStream) if (part.type === 'text-delta') out += part.text;
      return out;
    },
  };
}
