import { redactSecrets } from '@toolloop/core/internal';
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

/**
 * undici's response headers (already lower-cased) → a plain string record without credentials:
 * credential headers are dropped, and a value that echoes one of `secrets` (a key reflected in
 * `www-authenticate`, `location` or a debug header) is redacted.
 */
export function toResponseHeaders(
  headers: Dispatcher.ResponseData['headers'],
  secrets: ReadonlyArray<string | undefined> = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    if (dropped.has(name)) continue;
    const value = headers[name];
    if (value === undefined) continue;
    out[name] = redactSecrets(typeof value === 'string' ? value : value.join(', '), secrets);
  }
  return out;
}
