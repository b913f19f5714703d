import { describe, expect, it } from 'vitest';
import { weatherSourceFromEnv } from './weather-source-from-env.js';

describe('weatherSourceFromEnv', () => {
  it('is offline with an offline model and live with a real endpoint, saying which and how to switch', () => {
    const offline = weatherSourceFromEnv({ env: {}, offline: true });
    expect(offline.source.name).toBe('offline');
    expect(offline.description).toMatch(/offline sample data.*TOOLLOOP_WEATHER=open-meteo/);
    const live = weatherSourceFromEnv({ env: {}, offline: false });
    expect(live.source.name).toBe('open-meteo');
    expect(live.description).toMatch(/Open-Meteo.*internet.*TOOLLOOP_WEATHER=offline/);
  });

  it('follows TOOLLOOP_WEATHER, and refuses a value it does not know', () => {
    expect(weatherSourceFromEnv({ env: { TOOLLOOP_WEATHER: 'offline' }, offline: false }).source.name).toBe(
      'offline',
    );
    expect(weatherSourceFromEnv({ env: { TOOLLOOP_WEATHER: 'Open-Meteo' }, offline: true }).source.name).toBe(
      'open-meteo',
    );
    expect(() => weatherSourceFromEnv({ env: { TOOLLOOP_WEATHER: 'sunny' }, offline: true })).toThrow(
      /TOOLLOOP_WEATHER must be "offline" or "open-meteo", got "sunny"/,
    );
  });
});
