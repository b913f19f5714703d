import { InvalidOptionError } from '@toolloop/core';
import { offlineWeatherSource } from './offline-weather-source.js';
import { openMeteoSource } from './open-meteo-source.js';
import type { WeatherSource } from './weather-source.js';

/** Options of weatherSourceFromEnv. */
export interface WeatherSourceFromEnvOptions {
  /** Where `TOOLLOOP_WEATHER` is read. Default: process.env. */
  env?: Record<string, string | undefined>;
  /** The model runs offline (the simulator): then the weather is offline too unless asked otherwise. */
  offline: boolean;
}

/** The chosen weather source and one line saying which it is and how to choose another. */
export interface ChosenWeatherSource {
  source: WeatherSource;
  description: string;
}

/**
 * The weather source the examples and `toolloop ask` use: `TOOLLOOP_WEATHER=offline` (deterministic
 * sample data, no network) or `open-meteo` (live, needs internet); by default offline when the model
 * is offline, Open-Meteo when a real endpoint is configured.
 * @example const { source, description } = weatherSourceFromEnv({ offline: endpoint.offline });
 */
export function weatherSourceFromEnv(options: WeatherSourceFromEnvOptions): ChosenWeatherSource {
  const env = options.env ?? process.env;
  const asked = env.TOOLLOOP_WEATHER?.trim().toLowerCase() || undefined;
  if (asked !== undefined && asked !== 'offline' && asked !== 'open-meteo') {
    throw new InvalidOptionError({
      option: 'TOOLLOOP_WEATHER',
      message: `TOOLLOOP_WEATHER must be "offline" or "open-meteo", got ${JSON.stringify(env.TOOLLOOP_WEATHER)}.`,
    });
  }
  const choice = asked ?? (options.offline ? 'offline' : 'open-meteo');
  if (choice === 'offline') {
    return {
      source: offlineWeatherSource(),
      description:
        'Weather: offline sample data (deterministic, no network). TOOLLOOP_WEATHER=open-meteo for live weather.',
    };
  }
  return {
    source: openMeteoSource(),
    description:
      'Weather: Open-Meteo (live, needs internet access to api.open-meteo.com). TOOLLOOP_WEATHER=offline for sample data.',
  };
}
