// The one tool every client runs: toolloop's get_weather over the offline source, so tool work is
// identical; each peer validates arguments the way its users do (zod schema, JSON.parse).
import type { ToolExecuteContext } from '@toolloop/core';
import { createWeatherTool, offlineWeatherSource } from '@toolloop/tools';
import { z } from 'zod';

/** The question every tool-loop run asks. */
export const prompt = '서울 날씨 어때?';

/** The shared get_weather tool (its `execute` also validates the output with zod). */
export const weather = createWeatherTool({ source: offlineWeatherSource() });

/** The same input schema as get_weather's, for peers that take a zod schema. */
export const weatherInput = z.object({
  city: z.string().describe('도시 이름 (예: 서울, 부산)'),
  unit: z.enum(['celsius', 'fahrenheit']).default('celsius').describe('온도 단위'),
});

/** get_weather's parsed input. */
export type WeatherInput = z.output<typeof weatherInput>;

/** Runs get_weather outside toolloop (what a peer's tool callback does). */
export function runWeather(input: WeatherInput, toolCallId: string): Promise<unknown> {
  const context: ToolExecuteContext = {
    signal: new AbortController().signal,
    toolCallId,
    runId: 'peer',
    step: 0,
    messages: [],
  };
  return Promise.resolve(weather.execute(input, context));
}
