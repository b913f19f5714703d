import type { Dispatcher } from 'undici';

// Credentials never leave the HTTP layer, not even the server's own cookies.
const dropped = new Set([
  'authorization',
  'proxy-authorization',
  'api-key',
  'x-api-key',
  'cookie',
  'set-cookie',
]);

/** undici's response headers (already lower-cased) → a plain string record without credentials. */
export function toResponseHeaders(headers: Dispatcher.ResponseData['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    if (dropped.has(name)) continue;
    const value = headers[name];
    if (value === undefined) continue;
    out[name] = typeof value === 'string' ? value : value.join(', ');
  }
  return out;
}
