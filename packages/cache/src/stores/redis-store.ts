import { InvalidOptionError } from '@toolloop/core';
import type { CacheStore } from './cache-store.js';

export interface RedisStoreOptions {
  /** Server URL. Default 'redis://127.0.0.1:6379'. */
  url?: string;
  /** Prepended to every key, so the cache shares a server with other data safely. Default 'toolloop:cache:'. */
  keyPrefix?: string;
  /** Give up connecting after this many ms. Default 2000. */
  connectTimeoutMs?: number;
  /** After a failed connect, calls fail at once (as misses) for this many ms before trying again. Default 1000. */
  retryConnectAfterMs?: number;
}

/** The few commands the store uses; `redis` (node-redis v5) clients satisfy it. */
interface RedisConnection {
  get(key: string): Promise<string | null | unknown>;
  set(key: string, value: string, options?: { expiration?: { type: 'PX'; value: number } }): Promise<unknown>;
  del(keys: string | string[]): Promise<number>;
  scanIterator(options: { MATCH: string; COUNT: number }): AsyncIterable<string[]>;
  close(): Promise<unknown>;
  destroy(): void;
}

/**
 * A store on a Redis server through `redis` (node-redis v5, loaded on first use): shared by every
 * process and machine that reaches the server; TTL is Redis's own (`SET … PX`). When the server
 * is down, calls fail fast (no offline queue) and the cache serves misses until it is back.
 * @example cache({ store: redisStore({ url: process.env.REDIS_URL }) })
 */
export function redisStore({
  url = 'redis://127.0.0.1:6379',
  keyPrefix = 'toolloop:cache:',
  connectTimeoutMs = 2000,
  retryConnectAfterMs = 1000,
}: RedisStoreOptions = {}): CacheStore {
  if (!/^rediss?:\/\//.test(url)) {
    throw new InvalidOptionError(
      'url',
      `redisStore: url must start with redis:// or rediss://, got "${url}".`,
    );
  }
  let connecting: Promise<RedisConnection> | undefined;
  let failedAt = Number.NEGATIVE_INFINITY;
  let lastFailure: unknown;

  async function connect(): Promise<RedisConnection> {
    // Loaded here, not at the top: importing @toolloop/cache must not pay for the Redis client.
    const { createClient } = await import('redis');
    let wasReady = false;
    const client = createClient({
      url,
      // Without this, commands issued while the server is unreachable wait in a queue forever
      // and a model call would hang on its cache lookup.
      disableOfflineQueue: true,
      socket: {
        connectTimeout: connectTimeoutMs,
        // The first connection fails fast (the cache degrades to misses); a connection that
        // worked once is re-established in the background with capped backoff.
        reconnectStrategy: (retries: number, cause: Error) =>
          wasReady ? Math.min(100 * 2 ** retries, 2000) : cause,
      },
    });
    // node-redis emits 'error' on every socket problem; unhandled it would crash the process.
    // Failures reach the cache through the commands that fail instead.
    client.on('error', () => {});
    client.on('ready', () => {
      wasReady = true;
    });
    await client.connect();
    return client as unknown as RedisConnection;
  }

  function connection(): Promise<RedisConnection> {
    if (!connecting) {
      if (Date.now() - failedAt < retryConnectAfterMs) {
        return Promise.reject(
          new Error(`redisStore: ${redactUrl(url)} was unreachable ${Date.now() - failedAt} ms ago`, {
            cause: lastFailure,
          }),
        );
      }
      connecting = connect();
      connecting.catch((error: unknown) => {
        connecting = undefined;
        failedAt = Date.now();
        lastFailure = error;
      });
    }
    return connecting;
  }

  return {
    name: 'redis',
    async get(key) {
      const value = await (await connection()).get(keyPrefix + key);
      return typeof value === 'string' ? value : undefined;
    },
    async set(key, value, ttlMs) {
      const client = await connection();
      if (ttlMs === undefined) await client.set(keyPrefix + key, value);
      else
        await client.set(keyPrefix + key, value, {
          expiration: { type: 'PX', value: Math.max(1, Math.ceil(ttlMs)) },
        });
    },
    async delete(key) {
      await (await connection()).del(keyPrefix + key);
    },
    async clear() {
      const client = await connection();
      for await (const keys of client.scanIterator({ MATCH: `${escapeGlob(keyPrefix)}*`, COUNT: 500 })) {
        if (keys.length) await client.del(keys);
      }
    },
    async close() {
      const pending = connecting;
      connecting = undefined;
      if (!pending) return;
      const client = await pending.catch(() => undefined);
      if (!client) return;
      try {
        await client.close();
      } catch {
        client.destroy();
      }
    },
  };
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/** Redis URLs can carry a password (redis://user:pass@host); it never goes into a message. */
function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//[REDACTED]@');
}
