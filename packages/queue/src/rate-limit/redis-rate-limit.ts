import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import {
  APICallError,
  hasErrorCode,
  InvalidOptionError,
  type Middleware,
  type ModelCallContext,
  type ModelRequest,
  type ModelResponse,
  type StreamPart,
  type Usage,
} from '@toolloop/core';
import { afterStream, estimateRequestTokens } from '@toolloop/core/internal';
import { retryAfterMs } from '@toolloop/retry';
import type { Redis } from 'ioredis';
import { openRedis } from '../redis/open-redis.js';
import { acquireScript, settleScript } from './bucket-scripts.js';

/** Options of {@link redisRateLimit}; give at least one of rpm, tpm, maxConcurrency. */
export interface RedisRateLimitOptions {
  /** Redis URL shared by every process that must share the limit. */
  connection: string;
  /** Names this limit (one per API key); processes with the same key share it. Default `'default'`. */
  key?: string;
  /** Model calls started per minute, across all processes (token bucket: bursts up to this, refilled evenly). */
  rpm?: number;
  /** Tokens per minute across all processes: estimated before each call, corrected with the server's usage after. */
  tpm?: number;
  /** Model calls in flight at once across all processes. */
  maxConcurrency?: number;
  /** A slot whose process died is freed after this long (default 600 000 ms). */
  slotTtlMs?: number;
  /** A call's token estimate (default: core's `estimateRequestTokens` plus `maxTokens`, like `rateLimit`). */
  estimateTokens?: (request: ModelRequest, context: { modelId: string }) => number;
}

/** The middleware plus `close()`, which disconnects its Redis client. */
export interface RedisRateLimit extends Middleware {
  close(): Promise<void>;
}

function positive(option: string, value: number | undefined, integer = false): number {
  if (value === undefined) return 0;
  if (!(value > 0) || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new InvalidOptionError({
      option,
      message: `redisRateLimit: \`${option}\` must be a ${integer ? 'whole number' : 'number'} > 0, got ${String(value)}.`,
    });
  }
  return value;
}

/**
 * The in-process `rateLimit` of `@toolloop/retry`, shared by every process through Redis: the
 * same token buckets, kept atomically by Lua scripts on Redis's clock. A 429 with `retry-after`
 * pauses every process for that long. Put it inside retry: `[retry(), redisRateLimit({ … })]`.
 * @example redisRateLimit({ connection: 'redis://127.0.0.1:6390', rpm: 500, tpm: 200_000 })
 */
export function redisRateLimit(options: RedisRateLimitOptions): RedisRateLimit {
  const rpm = positive('rpm', options?.rpm);
  const tpm = positive('tpm', options?.tpm);
  const maxConcurrency = positive('maxConcurrency', options?.maxConcurrency, true);
  if (!rpm && !tpm && !maxConcurrency) {
    throw new InvalidOptionError({
      option: 'rpm',
      message:
        'redisRateLimit() needs at least one of rpm, tpm or maxConcurrency; without them it would limit nothing.',
    });
  }
  const {
    connection,
    key = 'default',
    slotTtlMs = 600_000,
    estimateTokens = defaultEstimateTokens,
  } = options;
  const prefix = `toolloop:rate-limit:${key}:`;
  const keys = { bucket: `${prefix}bucket`, holders: `${prefix}holders`, pause: `${prefix}pause` };
  let client: Promise<Redis> | undefined;
  const redis = () => {
    client ??= openRedis(connection);
    return client;
  };

  async function admit(request: ModelRequest, context: ModelCallContext) {
    const estimate = tpm ? estimateTokens(request, { modelId: context.model.modelId }) : 0;
    if (typeof estimate !== 'number' || !(estimate >= 0)) {
      throw new InvalidOptionError({
        option: 'estimateTokens',
        message: `redisRateLimit({ estimateTokens }) must return a number >= 0; got ${String(estimate)}.`,
      });
    }
    const cost = { requests: rpm ? Math.min(1, rpm) : 0, tokens: Math.min(estimate, tpm) };
    const holder = maxConcurrency ? randomUUID() : '';
    const client = await redis();
    while (true) {
      context.signal?.throwIfAborted();
      const wait = Number(
        await client.eval(
          acquireScript,
          3,
          keys.bucket,
          keys.holders,
          keys.pause,
          rpm,
          tpm,
          cost.requests,
          cost.tokens,
          maxConcurrency,
          holder,
          slotTtlMs,
        ),
      );
      if (wait === 0) break;
      // -1: all slots taken; ask again soon (a slot frees when some process's call ends).
      await delay(wait < 0 ? 20 : wait, undefined, context.signal ? { signal: context.signal } : {});
    }
    return async function settle(usage: Usage | undefined, error?: unknown): Promise<void> {
      const aborted = error !== undefined && hasErrorCode(error, 'aborted');
      // Aborted before an answer: most likely nothing was spent, so the charge goes back.
      const refund = aborted
        ? cost
        : {
            requests: 0,
            tokens: usage && Number.isFinite(usage.totalTokens) ? cost.tokens - usage.totalTokens : 0,
          };
      await client.eval(
        settleScript,
        2,
        keys.bucket,
        keys.holders,
        rpm,
        tpm,
        refund.requests,
        tpm ? refund.tokens : 0,
        holder,
      );
      if (APICallError.isInstance(error) && error.status === 429) {
        const pauseMs = retryAfterMs(error.responseHeaders);
        if (pauseMs) await client.set(keys.pause, '1', 'PX', Math.ceil(pauseMs));
      }
    };
  }

  return {
    name: 'redis-rate-limit',
    async generate(request, next, context): Promise<ModelResponse> {
      const settle = await admit(request, context);
      let response: ModelResponse;
      try {
        response = await next(request);
      } catch (error) {
        await settle(undefined, error);
        throw error;
      }
      await settle(response.usage);
      return response;
    },
    async *stream(request, next, context): AsyncIterable<StreamPart> {
      const settle = await admit(request, context);
      yield* afterStream(next(request), (usage, failure) => settle(usage, failure));
    },
    async close() {
      if (client) (await client).disconnect();
    },
  };
}

/** The default estimate: prompt plus the most output the call may ask for, by core's one estimator. */
function defaultEstimateTokens(request: ModelRequest, { modelId }: { modelId: string }): number {
  const { inputTokens, outputTokens } = estimateRequestTokens(request, { model: modelId });
  return inputTokens + outputTokens;
}
