import { InvalidOptionError } from '@toolloop/core';

/**
 * Checks a `redis://` / `rediss://` URL and returns it with its password (and user) replaced by
 * `***`, fit for error messages and logs.
 */
export function describeRedisUrl(url: unknown, option = 'connection'): string {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    throw new InvalidOptionError({
      option,
      message: `@toolloop/queue: \`${option}\` must be a Redis URL such as redis://127.0.0.1:6390, got ${typeof url === 'string' ? JSON.stringify(url.replace(/\/\/[^@/]*@/, '//***@')) : typeof url}.`,
    });
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new InvalidOptionError({
      option,
      message: `@toolloop/queue: \`${option}\` must start with redis:// or rediss://, got ${parsed.protocol}//. Example: redis://127.0.0.1:6390.`,
    });
  }
  if (parsed.password) parsed.password = '***';
  if (parsed.username) parsed.username = '***';
  return parsed.toString();
}
