import { InvalidOptionError, StoreUnavailableError, type StoreUnavailableReason } from '@toolloop/core';
import { loadOptional, withTimeout } from '@toolloop/core/internal';
import type { CacheStore } from './cache-store.js';

/** Options of redisStore: where the server is, and how long to wait for it before treating calls as misses. */
export interface RedisStoreOptions {
  /** Server URL. Default 'redis://127.0.0.1:6379'. */
  url?: string;
  /** Prepended to every key, so the cache shares a server with other data safely. Default 'toolloop:cache:'. */
  keyPrefix?: string;
  /** Give up connecting (TCP connect and handshake) after this many ms. Default 2000. */
  connectTimeoutMs?: number;
  /**
   * Give up on one command after this many ms, so a server that accepts connections but stops
   * answering (frozen, partitioned) costs a call this long as a miss instead of hanging it. Default 1000.
   */
  commandTimeoutMs?: number;
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
  commandTimeoutMs = 1000,
  retryConnectAfterMs = 1000,
}: RedisStoreOptions = {}): CacheStore {
  if (!/^rediss?:\/\//.test(url)) {
    throw new InvalidOptionError({
      option: 'url',
      message: `redisStore: url must start with redis:// or rediss://, got "${url}".`,
    });
  }
  if (!(commandTimeoutMs > 0)) {
    throw new InvalidOptionError({
      option: 'commandTimeoutMs',
      message: `redisStore: commandTimeoutMs must be a positive number of ms, got ${commandTimeoutMs}.`,
    });
  }
  let connecting: Promise<RedisConnection> | undefined;
  let closed = false;
  let failedAt = Number.NEGATIVE_INFINITY;
  let lastFailure: unknown;
  const storeName = `redisStore(${redactUrl(url)})`;

  function unavailable(reason: StoreUnavailableReason, what: string, cause?: unknown): StoreUnavailableError {
    return new StoreUnavailableError({ store: storeName, reason, message: `${storeName} ${what}.`, cause });
  }

  async function connect(): Promise<RedisConnection> {
    // Loaded here, not at the top: importing @toolloop/cache must not pay for the Redis client.
    const { createClient } = await loadOptional<typeof import('redis')>('redis', {
      feature: 'redisStore',
      requiredBy: '@toolloop/cache',
      load: (name) => import(name),
    });
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
    // connectTimeout covers the TCP connect only; a server that accepts and never answers the
    // handshake would otherwise keep connect() pending forever.
    await withTimeout(client.connect(), connectTimeoutMs, () => {
      destroy(client);
      return unavailable('timeout', `did not answer within ${connectTimeoutMs} ms (connectTimeoutMs)`);
    });
    return client as unknown as RedisConnection;
  }

  function connection(): Promise<RedisConnection> {
    // A late call (a save finishing after shutdown) must not open a connection nobody will close.
    if (closed) return Promise.reject(unavailable('closed', 'is closed'));
    if (!connecting) {
      if (Date.now() - failedAt < retryConnectAfterMs) {
        return Promise.reject(
          unavailable(
            'unreachable',
            `was unreachable ${Date.now() - failedAt} ms ago; the next try is after retryConnectAfterMs`,
            lastFailure,
          ),
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

  /**
   * Runs one command with a deadline. node-redis times a command out only while it waits to be
   * written, never once it awaits a reply: a server that accepted it and went quiet (frozen,
   * partitioned) would hang the model call. On timeout the connection is dropped (failing what
   * else waits on it) and the next call reconnects after `retryConnectAfterMs`.
   */
  async function run<T>(command: (client: RedisConnection) => Promise<T>): Promise<T> {
    const pending = connection();
    const client = await pending;
    return withTimeout(command(client), commandTimeoutMs, () => {
      const error = unavailable('timeout', `did not answer within ${commandTimeoutMs} ms (commandTimeoutMs)`);
      if (connecting === pending) {
        connecting = undefined;
        failedAt = Date.now();
        lastFailure = error;
      }
      destroy(client);
      return error;
    });
  }

  return {
    name: 'redis',
    async get(key) {
      const value = await run((client) => client.get(keyPrefix + key));
      return typeof value === 'string' ? value : undefined;
    },
    async set(key, value, ttlMs) {
      await run((client) =>
        ttlMs === undefined
          ? client.set(keyPrefix + key, value)
          : client.set(keyPrefix + key, value, {
              expiration: { type: 'PX', value: Math.max(1, Math.ceil(ttlMs)) },
            }),
      );
    },
    async delete(key) {
      await run((client) => client.del(keyPrefix + key));
    },
    async clear() {
      const client = await connection();
      for await (const keys of client.scanIterator({ MATCH: `${escapeGlob(keyPrefix)}*`, COUNT: 500 })) {
        if (keys.length) await client.del(keys);
      }
    },
    async close() {
      closed = true;
      const pending = connecting;
      connecting = undefined;
      if (!pending) return;
      const client = await pending.catch(() => undefined);
      if (!client) return;
      try {
        // close() waits for replies still due, which a frozen server never sends.
        await withTimeout(client.close(), commandTimeoutMs, () =>
          unavailable('timeout', 'did not close in time'),
        );
      } catch {
        destroy(client);
      }
    },
  };
}

/** Drops the connection at once; a client that is already closed (close() under way) is left alone. */
function destroy(client: Pick<RedisConnection, 'destroy'>): void {
  try {
    client.destroy();
  } catch {
    // node-redis throws ClientClosedError from destroy() on a closed client: nothing left to drop.
  }
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/** Redis URLs can carry a password (redis://user:pass@host); it never goes into a message. */
function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//[REDACTED]@');
}
