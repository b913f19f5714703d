import {
  hasErrorCode,
  InvalidOptionError,
  type Middleware,
  type ModelCallContext,
  type ModelRequest,
  type ModelResponse,
  ResponseCollector,
  raceAbort,
  responseToStreamParts,
  type StreamPart,
} from '@toolloop/core';
import { type CacheEntry, decodeEntry, encodeEntry } from '../entry/cache-entry.js';
import { cacheKey } from '../key/cache-key.js';
import { scopedKey } from '../key/scoped-key.js';
import type { CacheStore } from '../stores/cache-store.js';
import { type CacheErrorEvent, type CacheStats, emptyStats } from './cache-stats.js';
import { type Flight, RETRY, startFlight } from './single-flight.js';

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
 * followers wait for the leader and then replay its result. Sets `context.metadata.cacheHit`.
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
    throw new InvalidOptionError(
      'store',
      'cache: `store` must be a CacheStore, e.g. cache({ store: memoryStore() }).',
    );
  }
  if (!(typeof ttlMs === 'number' && ttlMs > 0)) {
    throw new InvalidOptionError(
      'ttlMs',
      `cache: ttlMs must be a positive number of ms (or Infinity), got ${ttlMs}.`,
    );
  }
  if (namespace !== undefined && (typeof namespace !== 'string' || namespace === '')) {
    throw new InvalidOptionError('namespace', 'cache: namespace must be a non-empty string when given.');
  }
  const storeTtlMs = Number.isFinite(ttlMs) ? ttlMs : undefined;
  const stats = emptyStats();
  const inflight = new Map<string, Flight>();

  function keyOf(request: ModelRequest, context: ModelCallContext): string {
    // Every key carries its namespace part, so namespaces and custom keys can never overlap.
    if (customKey) return scopedKey(namespace, customKey(request, context));
    return cacheKey({ request, model: context.model, namespace });
  }

  function report(kind: CacheErrorEvent['kind'], key: string, error: unknown): void {
    stats.errors++;
    try {
      onError?.({ kind, key, store: store.name, error });
    } catch {
      // A reporting callback that throws must not turn a cache problem into a failed model call.
    }
  }

  function decode(key: string, value: string): CacheEntry | undefined {
    try {
      return decodeEntry(key, value);
    } catch (error) {
      report('corrupt', key, error);
      return undefined;
    }
  }

  /** The raw stored value when it decodes, so followers can get their own copy of it. */
  async function lookup(key: string): Promise<{ value: string; entry: CacheEntry } | undefined> {
    let value: string | undefined;
    try {
      value = await store.get(key);
    } catch (error) {
      report('get', key, error);
      return undefined;
    }
    if (value === undefined) return undefined;
    stats.bytesRead += Buffer.byteLength(value);
    const entry = decode(key, value);
    return entry && { value, entry };
  }

  async function save(
    key: string,
    request: ModelRequest,
    response: ModelResponse,
    value: string,
  ): Promise<void> {
    if (!shouldCache(request, response)) return;
    try {
      await store.set(key, value, storeTtlMs);
      stats.bytesWritten += Buffer.byteLength(value);
    } catch (error) {
      report('set', key, error);
    }
  }

  function markHit(context: ModelCallContext, coalesced: boolean): void {
    stats.hits++;
    if (coalesced) stats.coalesced++;
    context.metadata.cacheHit = true;
  }

  function markMiss(context: ModelCallContext): void {
    stats.misses++;
    context.metadata.cacheHit = false;
  }

  function lead(key: string): Flight {
    const flight = startFlight();
    inflight.set(key, flight);
    return flight;
  }

  function land(key: string, flight: Flight): void {
    // Nobody is left to settle it: waiters start over rather than wait forever.
    flight.settle(RETRY);
    if (inflight.get(key) === flight) inflight.delete(key);
  }

  /**
   * The leader failed: waiters get the same error, unless the leader was aborted — by its run's
   * signal or by one an outer middleware gave its `next` — which is no reason to fail anyone else.
   */
  function fail(flight: Flight, error: unknown, context: ModelCallContext): void {
    if (context.signal?.aborted || isAbortError(error)) flight.settle(RETRY);
    else flight.fail(error);
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
  ): Promise<void> {
    if (!decode(key, value)) return;
    flight.settle({ value });
    await save(key, request, response, value);
  }

  /**
   * Single-flight: while an identical call is in flight, wait for it and take its entry; once none
   * is, lead. The check and `lead` share one synchronous step, so two callers can never both lead.
   * A leader that was cancelled or shared nothing readable settles with RETRY: the wait starts over.
   */
  async function followOrLead(
    key: string,
    context: ModelCallContext,
  ): Promise<{ entry: CacheEntry } | { flight: Flight }> {
    for (;;) {
      const pending = inflight.get(key);
      if (!pending) return { flight: lead(key) };
      const outcome = await raceAbort(pending.promise, context.signal);
      const entry = outcome === RETRY ? undefined : decode(key, outcome.value);
      if (entry) {
        markHit(context, true);
        return { entry };
      }
    }
  }

  return {
    name: 'cache',
    store,
    stats: () => ({ ...stats }),

    async generate(request, next, context) {
      const key = keyOf(request, context);
      const turn = await followOrLead(key, context);
      if ('entry' in turn) return turn.entry.response;
      const { flight } = turn;
      try {
        const found = await lookup(key);
        if (found) {
          flight.settle({ value: found.value });
          markHit(context, false);
          return found.entry.response;
        }
        markMiss(context);
        const response = await next(request);
        await share(key, flight, request, response, encodeEntry({ response, createdAt: Date.now() }));
        return response;
      } catch (error) {
        fail(flight, error, context);
        throw error;
      } finally {
        land(key, flight);
      }
    },

    async *stream(request, next, context) {
      const key = keyOf(request, context);
      // Followers wait for the leader's whole stream, then replay it: simple and exact, at the
      // price of seeing no parts until the leader has finished.
      const turn = await followOrLead(key, context);
      if ('entry' in turn) {
        yield* replay(turn.entry);
        return;
      }
      const { flight } = turn;
      try {
        const found = await lookup(key);
        if (found) {
          flight.settle({ value: found.value });
          markHit(context, false);
          yield* replay(found.entry);
          return;
        }
        markMiss(context);
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
        fail(flight, error, context);
        throw error;
      } finally {
        // Reached unsettled when the consumer stopped early: the response is incomplete.
        land(key, flight);
      }
    },
  };
}

/** AbortError of @toolloop/core (code 'aborted') or a platform one (DOMException 'AbortError'). */
function isAbortError(error: unknown): boolean {
  return hasErrorCode(error, 'aborted') || (error instanceof Error && error.name === 'AbortError');
}

function replay(entry: CacheEntry): StreamPart[] {
  return entry.parts ?? responseToStreamParts(entry.response);
}
