/** Temperature unit of a weather query and report. */
export type TemperatureUnit = 'celsius' | 'fahrenheit';

/** What a weather source is asked for. */
export interface WeatherQuery {
  city: string;
  unit: TemperatureUnit;
}

/** Current weather for one city, as the get_weather tool returns it to the model. */
export interface WeatherReport {
  /** The city's name as the source knows it (e.g. the geocoded name). */
  city: string;
  unit: TemperatureUnit;
  /** In `unit`. */
  temperature: number;
  /** A short word or two, e.g. "맑음" or "partly cloudy". */
  condition: string;
  /** Relative humidity in percent. */
  humidity?: number;
  /** Wind speed at 10 m in km/h. */
  windKph?: number;
  /** Which source answered, e.g. "open-meteo" or "offline". */
  source: string;
}

/**
 * Where get_weather gets its data. Implement it to plug in another weather API.
 * @example
 * const fixed: WeatherSource = {
 *   name: 'fixed',
 *   current: async ({ city, unit }) => ({ city, unit, temperature: 20, condition: 'clear', source: 'fixed' }),
 * };
 */
export interface WeatherSource {
  /** Short id of the source (e.g. `open-meteo`), usually also the reports' `source`. */
  readonly name: string;
  /** The current weather for the query; throws WeatherSourceError when it cannot answer, honours `signal`. */
  current(query: WeatherQuery, options: { signal?: AbortSignal | undefined }): Promise<WeatherReport>;
}
