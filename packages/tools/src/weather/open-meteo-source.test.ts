import { AbortError, InvalidOptionError } from '@toolloop/core';
import { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openMeteoSource } from './open-meteo-source.js';
import { type FakeOpenMeteo, startFakeOpenMeteo } from './test-utils.js';
import { WeatherSourceError } from './weather-source-error.js';

let server: FakeOpenMeteo;
// A private keep-alive pool per test file, closed at the end, so no socket outlives the tests.
const dispatcher = new Agent();

beforeAll(async () => {
  server = await startFakeOpenMeteo({
    places: {
      서울: { name: '서울', latitude: 37.566, longitude: 126.9784, country: '대한민국' },
      Atlantis: { name: 'Atlantis', latitude: 1, longitude: 2, country: 'Nowhere' },
    },
    current: {
      '37.566,126.9784': {
        temperature_2m: 21.3,
        relative_humidity_2m: 48,
        weather_code: 2,
        wind_speed_10m: 7.6,
      },
    },
  });
});

afterEach(() => {
  vi.useRealTimers();
  server.requests.length = 0;
});

afterAll(async () => {
  await dispatcher.close();
  await server.close();
});

function source(options: Parameters<typeof openMeteoSource>[0] = {}) {
  return openMeteoSource({
    baseURL: server.baseURL,
    geocodingURL: server.geocodingURL,
    dispatcher,
    ...options,
  });
}

describe('openMeteoSource', () => {
  it('geocodes the city, then reads current conditions', async () => {
    const report = await source().current({ city: '서울', unit: 'celsius' }, {});
    expect(report).toEqual({
      city: '서울',
      unit: 'celsius',
      temperature: 21.3,
      condition: '구름 조금',
      humidity: 48,
      windKph: 7.6,
      source: 'open-meteo',
    });
    const [geocoding, forecast] = server.requests;
    expect(geocoding?.pathname).toBe('/geo/v1/search');
    expect(Object.fromEntries(geocoding?.searchParams ?? [])).toMatchObject({
      name: '서울',
      count: '1',
      language: 'ko',
    });
    expect(forecast?.pathname).toBe('/v1/forecast');
    expect(Object.fromEntries(forecast?.searchParams ?? [])).toMatchObject({
      latitude: '37.566',
      longitude: '126.9784',
      current: 'temperature_2m,relative_humidity_2m,weather_code,wind_speed_10m',
      temperature_unit: 'celsius',
    });
  });

  it('asks for fahrenheit and uses English words when told to', async () => {
    const report = await source({ language: 'en' }).current({ city: '서울', unit: 'fahrenheit' }, {});
    expect(report).toMatchObject({ unit: 'fahrenheit', temperature: 70.3, condition: 'partly cloudy' });
    expect(server.requests[0]?.searchParams.get('language')).toBe('en');
    expect(server.requests[1]?.searchParams.get('temperature_unit')).toBe('fahrenheit');
  });

  it('says clearly when the city is unknown', async () => {
    const failure = source().current({ city: '없는도시', unit: 'celsius' }, {});
    await expect(failure).rejects.toBeInstanceOf(WeatherSourceError);
    await expect(failure).rejects.toMatchObject({
      code: 'weather-source',
      reason: 'city-not-found',
      message: expect.stringContaining('도시를 찾을 수 없습니다: 없는도시 (No city named "없는도시")'),
    });
    expect(server.requests).toHaveLength(1);
  });

  it('turns HTTP 500 into a clear error with the status', async () => {
    server.failNext(500, '{"error":true,"reason":"Internal server error"}');
    const failure = source().current({ city: '서울', unit: 'celsius' }, {});
    await expect(failure).rejects.toMatchObject({
      reason: 'http',
      status: 500,
      message: expect.stringMatching(
        /^Open-Meteo geocoding failed with HTTP 500 \(Internal server error\)\./,
      ),
    });
  });

  it('reports a forecast 400 with Open-Meteo’s reason', async () => {
    await expect(source().current({ city: 'Atlantis', unit: 'celsius' }, {})).rejects.toMatchObject({
      reason: 'http',
      status: 400,
      message: expect.stringContaining(
        'Open-Meteo forecast failed with HTTP 400 (No data for these coordinates)',
      ),
    });
  });

  it('reports a body that is not JSON', async () => {
    server.failNext(200, '<html>captive portal</html>');
    await expect(source().current({ city: '서울', unit: 'celsius' }, {})).rejects.toMatchObject({
      reason: 'bad-response',
      message: 'Open-Meteo geocoding answered with invalid JSON.',
    });
  });

  it('reports a connection failure', async () => {
    const closed = await startFakeOpenMeteo({ places: {}, current: {} });
    await closed.close();
    const unreachable = openMeteoSource({
      baseURL: closed.baseURL,
      geocodingURL: closed.geocodingURL,
      dispatcher,
    });
    await expect(unreachable.current({ city: '서울', unit: 'celsius' }, {})).rejects.toMatchObject({
      reason: 'network',
      message: expect.stringMatching(/^Could not reach Open-Meteo for geocoding/),
    });
  });

  it('stops waiting when the caller’s signal fires', async () => {
    const arrived = server.stallNext();
    const controller = new AbortController();
    const failure = source().current({ city: '서울', unit: 'celsius' }, { signal: controller.signal });
    await arrived;
    controller.abort(new Error('user cancelled'));
    await expect(failure).rejects.toBeInstanceOf(AbortError);
  });

  it('gives up after timeoutMs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const arrived = server.stallNext();
    const failure = source({ timeoutMs: 3000 }).current({ city: '서울', unit: 'celsius' }, {});
    failure.catch(() => {});
    await arrived;
    await vi.advanceTimersByTimeAsync(3000);
    await expect(failure).rejects.toMatchObject({
      reason: 'timeout',
      message: 'Open-Meteo geocoding did not answer within 3000 ms.',
    });
  });

  it('rejects bad options at once', () => {
    expect(() => openMeteoSource({ timeoutMs: 0 })).toThrow(InvalidOptionError);
    expect(() => openMeteoSource({ baseURL: 'ftp://example.com' })).toThrow(
      /`baseURL` must be an http\(s\) URL/,
    );
    expect(() => openMeteoSource({ geocodingURL: 'not a url' })).toThrow(
      /`geocodingURL` must be an http\(s\) URL/,
    );
    expect(() => openMeteoSource({ language: 'fr' as 'en' })).toThrow(/`language` must be 'ko' or 'en'/);
  });
});
