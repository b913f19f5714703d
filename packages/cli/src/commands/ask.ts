import { createAgent, InvalidOptionError, type RunResult } from '@toolloop/core';
import { openai } from '@toolloop/openai';
import { endpointFromEnv } from '@toolloop/simulator';
import { createWeatherTool, weatherSourceFromEnv } from '@toolloop/tools';

/** Options of `toolloop ask`. */
export interface AskOptions {
  question: string;
  /** Model id; default OPENAI_MODEL, else gpt-4o-mini. */
  model?: string | undefined;
  /** An OpenAI-compatible API root; default OPENAI_BASE_URL, else the built-in simulator (when no key is set either). */
  baseURL?: string | undefined;
  /** Print one JSON object instead of the streamed answer. */
  json?: boolean | undefined;
  env?: Record<string, string | undefined>;
  write?: (text: string) => void;
  signal?: AbortSignal | undefined;
}

/**
 * The weather agent of `npm start`, for people who installed `toolloop`: answers `question`
 * with the get_weather tool, streaming, offline against the built-in simulator unless
 * OPENAI_API_KEY / OPENAI_BASE_URL (or `--base-url`) point at a real endpoint.
 */
export async function ask(options: AskOptions): Promise<RunResult> {
  const { question, json = false, write = (text) => process.stdout.write(text) } = options;
  if (question.trim() === '') {
    throw new InvalidOptionError({
      option: 'question',
      message: 'toolloop ask: give a question, e.g. toolloop ask "서울 날씨 어때?"',
    });
  }
  const env = { ...(options.env ?? process.env) };
  if (options.baseURL) env.OPENAI_BASE_URL = options.baseURL;
  if (options.model) env.OPENAI_MODEL = options.model;
  const endpoint = await endpointFromEnv({ env });
  try {
    const weather = weatherSourceFromEnv({ env, offline: endpoint.offline });
    if (!json) write(`${endpoint.description}\n${weather.description}\n`);
    const agent = createAgent({
      model: openai(endpoint.model, { baseURL: endpoint.baseURL, apiKey: endpoint.apiKey }),
      instructions: '당신은 날씨 도우미입니다. get_weather 도구로 확인한 내용만 간결하게 답변해주세요.',
      tools: [createWeatherTool({ source: weather.source })],
      maxSteps: 5,
      settings: { maxTokens: 256, temperature: 0 },
    });
    let result: RunResult | undefined;
    let answering = false;
    for await (const event of agent.stream(question, options.signal ? { signal: options.signal } : {})) {
      if (event.type === 'run-finish') result = event.result;
      if (json) continue;
      if (event.type === 'tool-call') write(`→ ${event.toolCall.toolName}(${event.toolCall.arguments})\n`);
      else if (event.type === 'text-delta') {
        answering = true;
        write(event.delta);
      }
    }
    if (!result) throw new TypeError('toolloop ask: the run ended without a result.');
    if (json) {
      write(
        `${JSON.stringify({
          question,
          answer: result.text,
          toolCalls: result.toolCalls.map(({ toolName, input, output, isError }) => ({
            toolName,
            input,
            output,
            isError,
          })),
          usage: result.usage,
          cost: result.cost,
          stopReason: result.stopReason,
          model: endpoint.model,
          offline: endpoint.offline,
        })}\n`,
      );
    } else {
      if (answering) write('\n');
      const cost = result.cost === null ? 'unknown price' : `$${result.cost.toFixed(6)}`;
      write(`(${result.usage.inputTokens} input + ${result.usage.outputTokens} output tokens, ${cost})\n`);
    }
    return result;
  } finally {
    await endpoint.close();
  }
}
