import {
  InvalidOptionError,
  type Middleware,
  type ModelCallContext,
  type ModelRequest,
  type ModelResponse,
  type StreamPart,
} from '@toolloop/core';
import { ResponseCollector, responseToStreamParts } from '@toolloop/core/internal';
import { type CacheEntry, encodeEntry } from '../entry/cache-entry.js';
import { cacheKey } from '../key/cache-key.js';
import { scopedKey } from '../key/scoped-key.js';
import type { CacheStore } from '../stores/cache-store.js';
import { type CacheErrorEvent, type CacheStats, emptyStats } from './cache-stats.js';
import { EntryStore } from './entry-store.js';
import { type Flight, SingleFlight } from './single-flight.js';

/** Options of the cache middleware; only `store` is required. */
export interface CacheOptions {
  /** Where entries live: memoryStore(), sqliteStore({ path }), redisStore({ url }) or your own CacheStore. */
  store: CacheStore;
  /** How long an entry stays valid, in ms. Default 3_600_000 (one hour); `Infinity` never expires. */
  ttlMs?: number;
  /** A partition (a tenant, an environment): part of every key, so namespaces never share entries. */
  namespace?: string;
  /** Replaces the default key (SHA-256 of what changes the answer). The namespace is still prefixed. */
  key?: (request: ModelRequest, context: ModelCallContext) => string;
  /** Whether a complete response may be stored. Default: unless finishReason is 'error' or 'content-filter'. */
  shouldCache?: (request: ModelRequest, response: ModelResponse) => boolean;
  /** Told about store failures and corrupt entries (each also counted in `stats().errors`); the call goes on as a miss. */
  onError?: (event: CacheErrorEvent) => void;
}

/** The cache middleware, with its counters and store. */
export interface CacheMiddleware extends Middleware {
  readonly name: 'cache';
  readonly store: CacheStore;
  /** A snapshot of the counters. */
  stats(): CacheStats;
}

function defaultShouldCache(_request: ModelRequest, response: ModelResponse): boolean {
  return response.finishReason !== 'error' && response.finishReason !== 'content-filter';
}

/**
 * Serves identical model requests from a store instead of calling the model again. The key is a
 * SHA-256 of what changes the answer (provider, base URL, model, messages, tools, settings,
 * namespace), never credentials. Only complete, successful responses are stored; a cached stream
 * replays the exact parts of the original. Identical calls in flight at once share one model call:
 * followers wait for the leader and then replay its result. What it serves carries `source: 'cache'` (a response, or a stream's finish part), so it is billed nothing.
 * @example
 * const agent = createAgent({ model, middleware: [logging(), cache({ store: memoryStore() }), retry()] });
 */
export function cache({
  store,
  ttlMs = 3_600_000,
  namespace,
  key: customKey,
  shouldCache = defaultShouldCache,
  onError,
}: CacheOptions): CacheMiddleware {
  if (!store || typeof store.get !== 'function' || typeof store.set !== 'function') {
    throw new InvalidOptionError({
      option: 'store',
      message: 'cache: `store` must be a CacheStore, e.g. cache({ store: memoryStore() }).',
    });
  }
  if (!(typeof ttlMs === 'number' && ttlMs > 0)) {
    throw new InvalidOptionError({
      option: 'ttlMs',
      message: `cache: ttlMs must be a positive number of ms (or Infinity), got ${ttlMs}.`,
    });
  }
  if (namespace !== undefined && (typeof namespace !== 'string' || namespace === '')) {
    throw new InvalidOptionError({
      option: 'namespace',
      message: 'cache: namespace must be a non-empty string when given.',
    });
  }
  const storeTtlMs = Number.isFinite(ttlMs) ? ttlMs : undefined;
  const stats = emptyStats();
  const entries = new EntryStore({ store, ttlMs: storeTtlMs, shouldCache, stats, onError });
  const flights = new SingleFlight<CacheEntry>();

  function keyOf(request: ModelRequest, context: ModelCallContext): string {
    // Every key carries its namespace part, so namespaces and custom keys can never overlap.
    if (customKey) return scopedKey(namespace, customKey(request, context));
    return cacheKey({ request, model: context.model, namespace });
  }

  /**
   * Leads this call, or — while an identical one is in flight — waits for it (a coalesced hit).
   * Leading is synchronous: the common path (a store hit or a miss) adds no await.
   */
  function turnFor(key: string, signal: AbortSignal | undefined) {
    const flight = flights.lead(key);
    if (flight) return { flight };
    return flights
      .follow(key, signal, (value) => entries.decode(key, value))
      .then((turn) => {
        if ('entry' in turn) {
          stats.hits++;
          stats.coalesced++;
        }
        return turn;
      });
  }

  /**
   * Hands the leader's result to its waiters and stores it. A value that does not read back (a
   * model that broke the contract, say with parts after `finish`) is reported and neither shared
   * nor stored: waiters then make the call themselves instead of re-reading it forever.
   */
  async function share(
    key: string,
    flight: Flight,
    request: ModelRequest,
    response: ModelResponse,
    value: string,
  ) {
    if (!entries.decode(key, value)) return;
    flight.settle({ value });
    await entries.save(key, request, response, value);
  }

  return {
    name: 'cache',
    store,
    stats: () => ({ ...stats }),

    async generate(request, next, context, options) {
      const key = keyOf(request, context);
      const pending = turnFor(key, options.signal);
      const turn = pending instanceof Promise ? await pending : pending;
      if ('entry' in turn) return served(turn.entry);
      const { flight } = turn;
      try {
        const found = await entries.lookup(key);
        if (found) {
          flight.settle({ value: found.value });
          stats.hits++;
          return served(found.entry);
        }
        stats.misses++;
        const response = await next(request);
        await share(key, flight, request, response, encodeEntry({ response, createdAt: Date.now() }));
        return response;
      } catch (error) {
        flights.fail(flight, error, options.signal);
        throw error;
      } finally {
        flights.land(key, flight);
      }
    },

    async *stream(request, next, context, options) {
      const key = keyOf(request, context);
      // Followers wait for the leader's whole stream, then replay it: simple and exact, at the
      // price of seeing no parts until the leader has finished.
      const pending = turnFor(key, options.signal);
      const turn = pending instanceof Promise ? await pending : pending;
      if ('entry' in turn) {
        yield* replay(turn.entry);
        return;
      }
      const { flight } = turn;
      try {
        const found = await entries.lookup(key);
        if (found) {
          flight.settle({ value: found.value });
          stats.hits++;
          yield* replay(found.entry);
          return;
        }
        stats.misses++;
        const parts: StreamPart[] = [];
        const collector = new ResponseCollector();
        for await (const part of next(request)) {
          parts.push(part);
          collector.add(part);
          yield part;
        }
        // Throws StreamInterruptedError when no finish part came: nothing is stored then.
        const response = collector.toResponse();
        await share(key, flight, request, response, encodeEntry({ response, parts, createdAt: Date.now() }));
      } catch (error) {
        flights.fail(flight, error, options.signal);
        throw error;
      } finally {
        // Reached unsettled when the consumer stopped early: the response is incomplete.
        flights.land(key, flight);
      }
    },
  };
}

/**
 * A stored response as served: marked as coming from the cache, so it is billed nothing. Each
 * decode is a fresh object, so it is marked in place.
 */
function served(entry: CacheEntry): ModelResponse {
  entry.response.source = 'cache';
  return entry.response;
}

/** A stored response replayed as stream parts, its finish part marked as coming from the cache. */
function replay(entry: CacheEntry): StreamPart[] {
  const parts = entry.parts ?? responseToStreamParts(entry.response);
  for (const part of parts) if (part.type === 'finish') part.source = 'cache';
  return parts;
}
