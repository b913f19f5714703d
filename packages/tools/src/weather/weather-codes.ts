/** Language of condition words and geocoded names. */
export type WeatherLanguage = 'ko' | 'en';

type Words = readonly [ko: string, en: string];

// WMO weather interpretation codes (WW), as Open-Meteo documents them.
const conditions: Record<number, Words> = {
  0: ['맑음', 'clear'],
  1: ['대체로 맑음', 'mainly clear'],
  2: ['구름 조금', 'partly cloudy'],
  3: ['흐림', 'overcast'],
  45: ['안개', 'fog'],
  48: ['상고대 안개', 'rime fog'],
  51: ['약한 이슬비', 'light drizzle'],
  53: ['이슬비', 'drizzle'],
  55: ['강한 이슬비', 'dense drizzle'],
  56: ['약한 어는 이슬비', 'light freezing drizzle'],
  57: ['어는 이슬비', 'freezing drizzle'],
  61: ['약한 비', 'light rain'],
  63: ['비', 'rain'],
  65: ['강한 비', 'heavy rain'],
  66: ['약한 어는 비', 'light freezing rain'],
  67: ['어는 비', 'freezing rain'],
  71: ['약한 눈', 'light snow'],
  73: ['눈', 'snow'],
  75: ['강한 눈', 'heavy snow'],
  77: ['싸락눈', 'snow grains'],
  80: ['약한 소나기', 'light showers'],
  81: ['소나기', 'showers'],
  82: ['강한 소나기', 'violent showers'],
  85: ['약한 눈 소나기', 'light snow showers'],
  86: ['강한 눈 소나기', 'heavy snow showers'],
  95: ['뇌우', 'thunderstorm'],
  96: ['약한 우박 동반 뇌우', 'thunderstorm with light hail'],
  99: ['강한 우박 동반 뇌우', 'thunderstorm with heavy hail'],
};

/** The codes with a known word, for sources that pick one. */
export const knownWeatherCodes: readonly number[] = Object.keys(conditions).map(Number);

/** A short condition word for a WMO weather code, e.g. 3 → "흐림" / "overcast". */
export function weatherCodeToCondition(code: number, language: WeatherLanguage = 'ko'): string {
  const words = conditions[code];
  if (!words) return language === 'ko' ? `알 수 없음 (WMO ${code})` : `unknown (WMO ${code})`;
  return language === 'ko' ? words[0] : words[1];
}
