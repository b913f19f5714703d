export {
  type CreateWeatherToolOptions,
  createWeatherTool,
  type WeatherToolInput,
} from './create-weather-tool.js';
export { getWeather } from './get-weather.js';
export { type OfflineWeatherSourceOptions, offlineWeatherSource } from './offline-weather-source.js';
export { type OpenMeteoSourceOptions, openMeteoSource } from './open-meteo-source.js';
export { type WeatherLanguage, weatherCodeToCondition } from './weather-codes.js';
export type { TemperatureUnit, WeatherQuery, WeatherReport, WeatherSource } from './weather-source.js';
export {
  WeatherSourceError,
  type WeatherSourceErrorOptions,
  type WeatherSourceErrorReason,
} from './weather-source-error.js';
export {
  type ChosenWeatherSource,
  type WeatherSourceFromEnvOptions,
  weatherSourceFromEnv,
} from './weather-source-from-env.js';
