import type { Tool } from '@toolloop/core';
import { createWeatherTool, type WeatherToolInput, weatherToolInfo } from './create-weather-tool.js';
import type { WeatherReport } from './weather-source.js';

let tool: Tool<WeatherToolInput, WeatherReport> | undefined;
const built = () => (tool ??= createWeatherTool());

/**
 * The ready `get_weather` tool, backed by Open-Meteo (real network, no API key). For offline
 * examples and tests use `createWeatherTool({ source: offlineWeatherSource() })`. Its schemas are
 * built on first use (an agent reading `jsonSchema`), not when the package is imported.
 */
export const getWeather: Tool<WeatherToolInput, WeatherReport> = {
  ...weatherToolInfo,
  get jsonSchema() {
    return built().jsonSchema;
  },
  parseInput: (input) => built().parseInput(input),
  execute: (input, context) => built().execute(input, context),
};
