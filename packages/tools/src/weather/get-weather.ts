import { createWeatherTool } from './create-weather-tool.js';

/**
 * The ready `get_weather` tool, backed by Open-Meteo (real network, no API key). For offline
 * examples and tests use `createWeatherTool({ source: offlineWeatherSource() })`.
 */
export const getWeather = createWeatherTool();
