// The agent of the queue benchmark: get_weather on offline data, against the simulator at SIM_URL.
import type { AgentOptions } from '@toolloop/core';
import { openai } from '@toolloop/openai';
import { createWeatherTool, offlineWeatherSource } from '@toolloop/tools';

export function agent(simUrl = process.env.SIM_URL ?? ''): AgentOptions {
  return {
    model: openai('gpt-4o-mini', { baseURL: simUrl, apiKey: 'sk-bench' }),
    tools: [createWeatherTool({ source: offlineWeatherSource() })],
    maxSteps: 4,
  };
}
