// The agent every worker runs: its options, as createWorker wants them (the worker wraps the model
// and the tools with the job journal itself). Exported as `agent`, so `toolloop worker --agent
// ./agent.ts` can load this module too.
import type { AgentOptions } from '@toolloop/core';
import { openai } from '@toolloop/openai';
import { createWeatherTool, offlineWeatherSource, openMeteoSource } from '@toolloop/tools';

export function agent(env: NodeJS.ProcessEnv = process.env): AgentOptions {
  const offline = env.TOOLLOOP_WEATHER === 'offline';
  return {
    model: openai(env.OPENAI_MODEL || 'gpt-4o-mini', {
      baseURL: env.OPENAI_BASE_URL || 'https://api.openai.com/v1',
      apiKey: env.OPENAI_API_KEY,
    }),
    instructions: '당신은 날씨 도우미입니다. get_weather 도구로 확인한 내용만 간결하게 답변해주세요.',
    tools: [createWeatherTool({ source: offline ? offlineWeatherSource() : openMeteoSource() })],
    maxSteps: 5,
    settings: { maxTokens: 256, temperature: 0 },
  };
}
