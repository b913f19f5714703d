import { AbortError, InvalidOptionError } from '@toolloop/core';
import { onAbort } from '@toolloop/core/internal';
import type { Dispatcher } from 'undici';
import { type WeatherLanguage, weatherCodeToCondition } from './weather-codes.js';
import type { WeatherQuery, WeatherReport, WeatherSource } from './weather-source.js';
import { WeatherSourceError } from './weather-source-error.js';

/** Options of openMeteoSource: transport, endpoints (for a mirror or a test server) and limits. */
export interface OpenMeteoSourceOptions {
  /** undici Dispatcher (Agent, ProxyAgent, MockAgent…); defaults to undici's global dispatcher. */
  dispatcher?: Dispatcher;
  /** Forecast API base, default `https://api.open-meteo.com/v1` (`/forecast` is appended). */
  baseURL?: string;
  /** Geocoding API base, default `https://geocoding-api.open-meteo.com/v1` (`/search` is appended). */
  geocodingURL?: string;
  /** Limit per HTTP request in ms (default 10 000). */
  timeoutMs?: number;
  /** Language of geocoded city names and condition words (default 'ko'). */
  language?: WeatherLanguage;
}

interface GeocodingResult {
  name: string;
  latitude: number;
  longitude: number;
  country?: string;
}

type Undici = typeof import('undici');
let undiciModule: Promise<Undici> | undefined;

// undici costs ~60 ms to import; only this source needs it, so it loads on the first request.
function loadUndici(): Promise<Undici> {
  undiciModule ??= import('undici');
  return undiciModule;
}

function checkURL(option: string, value: string): string {
  const protocol = URL.canParse(value) ? new URL(value).protocol : undefined;
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new InvalidOptionError({
      option,
      message: `openMeteoSource: \`${option}\` must be an http(s) URL, got ${JSON.stringify(value)}.`,
    });
  }
  return value.replace(/\/+$/, '');
}

/**
 * Current weather from Open-Meteo (https://open-meteo.com, free, no API key): the city is
 * geocoded first, then its current conditions are fetched. Requests go over `undici.request`.
 * @example
 * const getWeather = createWeatherTool({ source: openMeteoSource({ language: 'en' }) });
 */
export function openMeteoSource(options: OpenMeteoSourceOptions = {}): WeatherSource {
  const {
    dispatcher,
    baseURL = 'https://api.open-meteo.com/v1',
    geocodingURL = 'https://geocoding-api.open-meteo.com/v1',
    timeoutMs = 10_000,
    language = 'ko',
  } = options;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new InvalidOptionError({
      option: 'timeoutMs',
      message: `openMeteoSource: \`timeoutMs\` must be a finite number > 0, got ${String(timeoutMs)}.`,
    });
  }
  if (language !== 'ko' && language !== 'en') {
    throw new InvalidOptionError({
      option: 'language',
      message: `openMeteoSource: \`language\` must be 'ko' or 'en', got ${String(language)}.`,
    });
  }
  const forecastBase = checkURL('baseURL', baseURL);
  const geocodingBase = checkURL('geocodingURL', geocodingURL);

  async function getJson(url: URL, what: string, signal: AbortSignal | undefined): Promise<unknown> {
    if (signal?.aborted) throw new AbortError({ cause: signal.reason });
    const { request } = await loadUndici();
    const controller = new AbortController();
    const stopListening = onAbort(signal, () => controller.abort(signal?.reason));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      const response = await request(url, {
        method: 'GET',
        headers: { accept: 'application/json' },
        signal: controller.signal,
        ...(dispatcher ? { dispatcher } : {}),
      });
      const body = await response.body.text();
      if (response.statusCode < 200 || response.statusCode >= 300) {
        throw new WeatherSourceError({
          reason: 'http',
          message: `Open-Meteo ${what} failed with HTTP ${response.statusCode}${reasonOf(body)}. 날씨 서비스를 지금 사용할 수 없습니다; try again later.`,
          status: response.statusCode,
        });
      }
      try {
        return JSON.parse(body);
      } catch (error) {
        throw new WeatherSourceError({
          reason: 'bad-response',
          message: `Open-Meteo ${what} answered with invalid JSON.`,
          cause: error,
        });
      }
    } catch (error) {
      if (error instanceof WeatherSourceError) throw error;
      if (signal?.aborted) throw new AbortError({ cause: signal.reason });
      if (timedOut) {
        throw new WeatherSourceError({
          reason: 'timeout',
          message: `Open-Meteo ${what} did not answer within ${timeoutMs} ms.`,
          cause: error,
        });
      }
      throw new WeatherSourceError({
        reason: 'network',
        message: `Could not reach Open-Meteo for ${what} (${(error as Error).message}).`,
        cause: error,
      });
    } finally {
      clearTimeout(timer);
      stopListening();
    }
  }

  async function geocode(city: string, signal: AbortSignal | undefined): Promise<GeocodingResult> {
    const url = new URL(`${geocodingBase}/search`);
    url.searchParams.set('name', city);
    url.searchParams.set('count', '1');
    url.searchParams.set('language', language);
    url.searchParams.set('format', 'json');
    const body = (await getJson(url, 'geocoding', signal)) as { results?: unknown };
    const first = Array.isArray(body?.results)
      ? (body.results[0] as Partial<GeocodingResult> | undefined)
      : undefined;
    if (!first) {
      throw new WeatherSourceError({
        reason: 'city-not-found',
        message: `도시를 찾을 수 없습니다: ${city} (No city named "${city}"). Check the spelling or try the English name.`,
      });
    }
    if (typeof first.latitude !== 'number' || typeof first.longitude !== 'number') {
      throw new WeatherSourceError({
        reason: 'bad-response',
        message: 'Open-Meteo geocoding answered without coordinates.',
      });
    }
    return {
      name: typeof first.name === 'string' && first.name ? first.name : city,
      latitude: first.latitude,
      longitude: first.longitude,
    };
  }

  return {
    name: 'open-meteo',
    async current(query: WeatherQuery, { signal }): Promise<WeatherReport> {
      const place = await geocode(query.city, signal);
      const url = new URL(`${forecastBase}/forecast`);
      url.searchParams.set('latitude', String(place.latitude));
      url.searchParams.set('longitude', String(place.longitude));
      url.searchParams.set('current', 'temperature_2m,relative_humidity_2m,weather_code,wind_speed_10m');
      url.searchParams.set('temperature_unit', query.unit);
      url.searchParams.set('wind_speed_unit', 'kmh');
      const body = (await getJson(url, 'forecast', signal)) as { current?: Record<string, unknown> };
      const current = body?.current;
      const temperature = current?.temperature_2m;
      if (typeof temperature !== 'number') {
        throw new WeatherSourceError({
          reason: 'bad-response',
          message: 'Open-Meteo forecast answered without current.temperature_2m.',
        });
      }
      const report: WeatherReport = {
        city: place.name,
        unit: query.unit,
        temperature,
        condition:
          typeof current?.weather_code === 'number'
            ? weatherCodeToCondition(current.weather_code, language)
            : language === 'ko'
              ? '알 수 없음'
              : 'unknown',
        source: 'open-meteo',
      };
      if (typeof current?.relative_humidity_2m === 'number') report.humidity = current.relative_humidity_2m;
      if (typeof current?.wind_speed_10m === 'number') report.windKph = current.wind_speed_10m;
      return report;
    },
  };
}

/** Open-Meteo errors are `{ "error": true, "reason": "…" }`; show the reason, briefly. */
function reasonOf(body: string): string {
  try {
    const reason = (JSON.parse(body) as { reason?: unknown }).reason;
    if (typeof reason === 'string' && reason) return ` (${reason.slice(0, 200)})`;
  } catch {
    // Not JSON (a proxy's HTML page): the status says enough.
  }
  return '';
}
