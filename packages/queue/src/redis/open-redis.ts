import { Redis } from 'ioredis';
import { RedisUnreachableError } from '../errors/redis-unreachable-error.js';
import { describeRedisUrl } from './redis-url.js';

/**
 * Opens an ioredis client for BullMQ and the journal after checking, once, that the server answers.
 * Later outages are survived: the client reconnects (backing off up to 2 s) and commands wait
 * for it (`maxRetriesPerRequest: null`, which BullMQ workers require).
 */
export async function openRedis(url: string): Promise<Redis> {
  const shown = describeRedisUrl(url);
  const probe = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    connectTimeout: 5000,
    retryStrategy: () => null,
  });
  // ioredis also emits connection errors as events; without a listener Node prints them.
  probe.on('error', () => {});
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    throw new RedisUnreachableError({ url: shown, detail: scrub(error, url, shown) });
  } finally {
    probe.disconnect();
  }
  const client = new Redis(url, {
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(100 * 2 ** times, 2000),
  });
  client.on('error', () => {});
  return client;
}

/** An error's message, which might quote the URL, with the URL replaced by its credential-free form. */
function scrub(error: unknown, url: string, shown: string): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split(url).join(shown);
}
