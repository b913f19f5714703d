import { InvalidOptionError, type Tool } from '@toolloop/core';
import { z } from 'zod/v4';
import { defineTool } from '../define-tool/define-tool.js';
import { openMeteoSource } from './open-meteo-source.js';
import type { WeatherReport, WeatherSource } from './weather-source.js';

/** Options of createWeatherTool; pass `offlineWeatherSource()` as `source` for deterministic tests and offline examples. */
export interface CreateWeatherToolOptions {
  /** Where the weather comes from (default: `openMeteoSource()`, the real Open-Meteo API). */
  source?: WeatherSource;
  /** Per-call limit in ms that core enforces (default: none beyond the source's own). */
  timeoutMs?: number;
}

const weatherInput = z.object({
  city: z.string().describe('도시 이름 (예: 서울, 부산)'),
  unit: z.enum(['celsius', 'fahrenheit']).default('celsius').describe('온도 단위'),
});

const weatherOutput = z.object({
  city: z.string(),
  unit: z.enum(['celsius', 'fahrenheit']),
  temperature: z.number(),
  condition: z.string(),
  humidity: z.number().optional(),
  windKph: z.number().optional(),
  source: z.string(),
});

/** The arguments get_weather accepts after parsing. */
export type WeatherToolInput = z.output<typeof weatherInput>;

/**
 * The `get_weather` tool of the guide, over any WeatherSource.
 * @example
 * const agent = createAgent({ model, tools: [createWeatherTool({ source: offlineWeatherSource() })] });
 */
export function createWeatherTool(
  options: CreateWeatherToolOptions = {},
): Tool<WeatherToolInput, WeatherReport> {
  const { source = openMeteoSource(), timeoutMs } = options;
  if (typeof source !== 'object' || source === null || typeof source.current !== 'function') {
    throw new InvalidOptionError({
      option: 'source',
      message:
        'createWeatherTool: `source` must be a WeatherSource ({ name, current(query, { signal }) }), e.g. openMeteoSource() or offlineWeatherSource().',
    });
  }
  return defineTool({
    name: 'get_weather',
    description: '특정 도시의 날씨 정보를 가져옵니다',
    input: weatherInput,
    output: weatherOutput,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    execute: function getWeather({ city, unit }, { signal }) {
      return source.current({ city, unit }, { signal });
    },
  });
}
