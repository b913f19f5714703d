import { InvalidOptionError } from '@toolloop/core';
import { knownWeatherCodes, type WeatherLanguage, weatherCodeToCondition } from './weather-codes.js';
import type { TemperatureUnit, WeatherQuery, WeatherReport, WeatherSource } from './weather-source.js';
import { WeatherSourceError } from './weather-source-error.js';

/** Options of offlineWeatherSource. */
export interface OfflineWeatherSourceOptions {
  /** Language of city names and condition words (default 'ko'). */
  language?: WeatherLanguage;
}

interface CityWeather {
  ko: string;
  en: string;
  celsius: number;
  code: number;
  humidity: number;
  windKph: number;
}

// Fixed, plausible values so examples and tests print the same thing every run.
const cities: readonly CityWeather[] = [
  { ko: '서울', en: 'Seoul', celsius: 21, code: 1, humidity: 45, windKph: 8 },
  { ko: '부산', en: 'Busan', celsius: 23, code: 2, humidity: 60, windKph: 14 },
  { ko: '인천', en: 'Incheon', celsius: 19, code: 3, humidity: 70, windKph: 18 },
  { ko: '대구', en: 'Daegu', celsius: 25, code: 0, humidity: 40, windKph: 6 },
  { ko: '제주', en: 'Jeju', celsius: 22, code: 61, humidity: 80, windKph: 22 },
  { ko: '도쿄', en: 'Tokyo', celsius: 24, code: 2, humidity: 55, windKph: 10 },
  { ko: '베이징', en: 'Beijing', celsius: 20, code: 45, humidity: 50, windKph: 9 },
  { ko: '뉴욕', en: 'New York', celsius: 18, code: 3, humidity: 65, windKph: 16 },
  { ko: '파리', en: 'Paris', celsius: 16, code: 63, humidity: 75, windKph: 12 },
  { ko: '런던', en: 'London', celsius: 14, code: 53, humidity: 82, windKph: 20 },
];

const byName = new Map<string, CityWeather>();
for (const city of cities) {
  byName.set(normalise(city.ko), city);
  byName.set(normalise(city.en), city);
}

function normalise(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** FNV-1a, 32 bit: a stable spread of bits from a city name, the same on every run and machine. */
function hashName(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

function inUnit(celsius: number, unit: TemperatureUnit): number {
  const value = unit === 'fahrenheit' ? (celsius * 9) / 5 + 32 : celsius;
  return Math.round(value * 10) / 10;
}

/**
 * Deterministic weather without a network: a table of well-known cities (서울/Seoul, 부산/Busan,
 * 도쿄/Tokyo, 뉴욕/New York, 파리/Paris, 런던/London, …) and, for any other name, values derived
 * from a hash of it. Every report says `source: 'offline'`. For examples and tests.
 * @example
 * const getWeather = createWeatherTool({ source: offlineWeatherSource() });
 */
export function offlineWeatherSource(options: OfflineWeatherSourceOptions = {}): WeatherSource {
  const { language = 'ko' } = options;
  if (language !== 'ko' && language !== 'en') {
    throw new InvalidOptionError({
      option: 'language',
      message: `offlineWeatherSource: \`language\` must be 'ko' or 'en', got ${String(language)}.`,
    });
  }
  return {
    name: 'offline',
    async current(query: WeatherQuery): Promise<WeatherReport> {
      const key = normalise(query.city);
      if (key === '') {
        throw new WeatherSourceError({
          reason: 'city-not-found',
          message: '도시를 찾을 수 없습니다: (빈 이름) (No city named ""). Give a city name.',
        });
      }
      const known = byName.get(key);
      const hash = hashName(key);
      const weather: Omit<CityWeather, 'ko' | 'en'> = known ?? {
        celsius: (hash % 400) / 10 - 5,
        code: knownWeatherCodes[(hash >>> 9) % knownWeatherCodes.length] ?? 0,
        humidity: 30 + ((hash >>> 13) % 61),
        windKph: ((hash >>> 19) % 300) / 10,
      };
      return {
        city: known ? known[language] : query.city.trim(),
        unit: query.unit,
        temperature: inUnit(weather.celsius, query.unit),
        condition: weatherCodeToCondition(weather.code, language),
        humidity: weather.humidity,
        windKph: weather.windKph,
        source: 'offline',
      };
    },
  };
}
