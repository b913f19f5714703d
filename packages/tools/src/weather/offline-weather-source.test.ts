import { describe, expect, it } from 'vitest';
import { offlineWeatherSource } from './offline-weather-source.js';

describe('offlineWeatherSource', () => {
  const source = offlineWeatherSource();

  it('answers known cities from its table, by Korean or English name', async () => {
    const seoul = await source.current({ city: '서울', unit: 'celsius' }, {});
    expect(seoul).toEqual({
      city: '서울',
      unit: 'celsius',
      temperature: 21,
      condition: '대체로 맑음',
      humidity: 45,
      windKph: 8,
      source: 'offline',
    });
    expect(await source.current({ city: '  seoul ', unit: 'celsius' }, {})).toEqual(seoul);
    for (const [ko, en] of [
      ['부산', 'Busan'],
      ['도쿄', 'Tokyo'],
      ['뉴욕', 'New York'],
      ['파리', 'Paris'],
      ['런던', 'London'],
    ] as const) {
      expect(await source.current({ city: en, unit: 'celsius' }, {})).toEqual(
        await source.current({ city: ko, unit: 'celsius' }, {}),
      );
    }
  });

  it('converts to fahrenheit', async () => {
    expect(await source.current({ city: '서울', unit: 'fahrenheit' }, {})).toMatchObject({
      unit: 'fahrenheit',
      temperature: 69.8,
    });
    expect(await source.current({ city: 'London', unit: 'fahrenheit' }, {})).toMatchObject({
      temperature: 57.2,
    });
  });

  it('uses English names and words when told to', async () => {
    expect(
      await offlineWeatherSource({ language: 'en' }).current({ city: '서울', unit: 'celsius' }, {}),
    ).toMatchObject({
      city: 'Seoul',
      condition: 'mainly clear',
    });
  });

  it('derives stable, plausible values for any other city from its name', async () => {
    const first = await source.current({ city: '춘천', unit: 'celsius' }, {});
    const again = await offlineWeatherSource().current({ city: '춘천', unit: 'celsius' }, {});
    const other = await source.current({ city: 'Reykjavik', unit: 'celsius' }, {});
    expect(again).toEqual(first);
    expect(other).not.toEqual({ ...first, city: 'Reykjavik' });
    for (const report of [first, other]) {
      expect(report.source).toBe('offline');
      expect(report.temperature).toBeGreaterThanOrEqual(-5);
      expect(report.temperature).toBeLessThan(35);
      expect(report.humidity).toBeGreaterThanOrEqual(30);
      expect(report.humidity).toBeLessThanOrEqual(90);
      expect(report.condition).not.toMatch(/알 수 없음/);
    }
    const fahrenheit = await source.current({ city: '춘천', unit: 'fahrenheit' }, {});
    expect(fahrenheit.temperature).toBeCloseTo((first.temperature * 9) / 5 + 32, 1);
  });

  it('rejects an empty city name', async () => {
    await expect(source.current({ city: '  ', unit: 'celsius' }, {})).rejects.toMatchObject({
      reason: 'city-not-found',
    });
  });
});
