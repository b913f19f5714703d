import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A geocoding hit, shaped like Open-Meteo's `results[]` entries. */
export interface FakePlace {
  name: string;
  latitude: number;
  longitude: number;
  country: string;
}

/** Current conditions, keyed by `latitude,longitude`, shaped like Open-Meteo's `current`. */
export interface FakeCurrent {
  temperature_2m: number;
  relative_humidity_2m: number;
  weather_code: number;
  wind_speed_10m: number;
}

export interface FakeOpenMeteoOptions {
  places: Record<string, FakePlace>;
  current: Record<string, FakeCurrent>;
}

export interface FakeOpenMeteo {
  /** Forecast base, like https://api.open-meteo.com/v1. */
  baseURL: string;
  /** Geocoding base, like https://geocoding-api.open-meteo.com/v1. */
  geocodingURL: string;
  /** Every request's path and query. */
  requests: URL[];
  /** Answer the next request with this status and body instead. */
  failNext(status: number, body: string): void;
  /** Leave the next request hanging (headers never sent); resolves when it arrives. */
  stallNext(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A stand-in for Open-Meteo on 127.0.0.1 that answers with the real APIs' response shapes
 * (geocoding: `{ results: [...], generationtime_ms }`, no `results` for an unknown name;
 * forecast: `{ latitude, longitude, current_units, current }`).
 */
export async function startFakeOpenMeteo(options: FakeOpenMeteoOptions): Promise<FakeOpenMeteo> {
  const requests: URL[] = [];
  const hanging: ServerResponse[] = [];
  let failure: { status: number; body: string } | undefined;
  let stall: (() => void) | undefined;

  function send(response: ServerResponse, status: number, body: unknown): void {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(text);
  }

  function handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    if (stall) {
      hanging.push(response);
      const arrived = stall;
      stall = undefined;
      arrived();
      return;
    }
    if (failure) {
      send(response, failure.status, failure.body);
      failure = undefined;
      return;
    }
    if (url.pathname === '/geo/v1/search') {
      const place = options.places[url.searchParams.get('name') ?? ''];
      send(
        response,
        200,
        place
          ? { results: [{ id: 1, ...place, elevation: 38 }], generationtime_ms: 0.4 }
          : { generationtime_ms: 0.3 },
      );
      return;
    }
    if (url.pathname === '/v1/forecast') {
      const latitude = Number(url.searchParams.get('latitude'));
      const longitude = Number(url.searchParams.get('longitude'));
      const current = options.current[`${latitude},${longitude}`];
      if (!current) {
        send(response, 400, { error: true, reason: 'No data for these coordinates' });
        return;
      }
      const fahrenheit = url.searchParams.get('temperature_unit') === 'fahrenheit';
      send(response, 200, {
        latitude,
        longitude,
        generationtime_ms: 0.05,
        utc_offset_seconds: 0,
        timezone: 'GMT',
        timezone_abbreviation: 'GMT',
        elevation: 38,
        current_units: {
          time: 'iso8601',
          interval: 'seconds',
          temperature_2m: fahrenheit ? '°F' : '°C',
          relative_humidity_2m: '%',
          weather_code: 'wmo code',
          wind_speed_10m: 'km/h',
        },
        current: {
          time: '2025-05-01T06:00',
          interval: 900,
          ...current,
          temperature_2m: fahrenheit
            ? Math.round((current.temperature_2m * 1.8 + 32) * 10) / 10
            : current.temperature_2m,
        },
      });
      return;
    }
    send(response, 404, { error: true, reason: 'Not Found' });
  }

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    baseURL: `${origin}/v1`,
    geocodingURL: `${origin}/geo/v1`,
    requests,
    failNext(status, body) {
      failure = { status, body };
    },
    stallNext() {
      return new Promise<void>((resolve) => {
        stall = resolve;
      });
    },
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
