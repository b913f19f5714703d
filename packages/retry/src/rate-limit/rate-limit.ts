import {
  hasErrorCode,
  InvalidOptionError,
  type Middleware,
  type ModelCallContext,
  type ModelRequest,
  type ModelResponse,
  type StreamPart,
  type Usage,
} from '@toolloop/core';
import { abortErrorFrom, afterStream, estimateRequestTokens, raceAbort } from '@toolloop/core/internal';
import pLimit, { type LimitFunction } from 'p-limit';
import { validateFunction, validateNumber } from '../util/validate-option.js';
import { type BucketCost, BucketQueue } from './bucket-queue.js';
import { TokenBucket } from './token-bucket.js';

/** Options of {@link rateLimit}; give at least one limit. */
export interface RateLimitOptions {
  /** Model calls started per minute at most (a token bucket: bursts up to this, refilled evenly). */
  requestsPerMinute?: number;
  /** Tokens per minute at most, estimated before each call and corrected with its real usage after. */
  tokensPerMinute?: number;
  /** Model calls in flight at once at most (a stream counts until it ends). */
  concurrency?: number;
  /**
   * A call's token estimate. Default: core's `estimateRequestTokens` for the call's model (the
   * prompt counted exactly once its tokenizer is loaded, script-aware otherwise, images by their
   * rule) plus `settings.maxTokens` — the same estimate budgets use.
   */
  estimateTokens?: (request: ModelRequest, context: { modelId: string }) => number;
}

const owner = 'rateLimit';

/**
 * A client-side limiter: calls queue (abortably, first come first served) instead of provoking
 * 429s. One instance is one budget: share it between agents that share an API key.
 * Put it inside retry, `[retry(), rateLimit()]`, so every attempt waits its turn.
 * @example createAgent({ model, middleware: [retry(), rateLimit({ requestsPerMinute: 500, tokensPerMinute: 200_000 })] });
 */
export function rateLimit(options: RateLimitOptions): Middleware {
  const {
    requestsPerMinute,
    tokensPerMinute,
    concurrency,
    estimateTokens = defaultEstimateTokens,
  } = options ?? {};
  if (requestsPerMinute === undefined && tokensPerMinute === undefined && concurrency === undefined) {
    throw new InvalidOptionError({
      option: 'requestsPerMinute',
      message:
        'rateLimit() needs at least one of requestsPerMinute, tokensPerMinute or concurrency; without them it would limit nothing.',
    });
  }
  const now = Date.now();
  const requests =
    requestsPerMinute === undefined
      ? undefined
      : new TokenBucket(
          validateNumber({ owner, option: 'requestsPerMinute', value: requestsPerMinute, sign: 'positive' }),
          now,
        );
  const tokens =
    tokensPerMinute === undefined
      ? undefined
      : new TokenBucket(
          validateNumber({ owner, option: 'tokensPerMinute', value: tokensPerMinute, sign: 'positive' }),
          now,
        );
  const limit =
    concurrency === undefined
      ? undefined
      : pLimit(
          validateNumber({
            owner,
            option: 'concurrency',
            value: concurrency,
            sign: 'positive',
            integer: true,
          }),
        );
  validateFunction(owner, 'estimateTokens', estimateTokens);
  const queue = requests || tokens ? new BucketQueue(requests, tokens) : undefined;

  /** A call's token charge: the estimate, capped at the bucket (a larger call waits for a full one). */
  function tokenCost(request: ModelRequest, modelId: string): number {
    if (!tokens) return 0;
    const estimate: unknown = estimateTokens(request, { modelId });
    if (typeof estimate !== 'number' || Number.isNaN(estimate) || estimate < 0) {
      // NaN would poison the bucket's level and quietly switch the limit off for good.
      throw new InvalidOptionError({
        option: 'estimateTokens',
        message: `rateLimit({ estimateTokens }) must return a number >= 0; got ${String(estimate)}.`,
      });
    }
    return Math.min(estimate, tokens.capacity);
  }

  /** Waits for a concurrency slot, then for room in the buckets; returns how to settle the charge. */
  async function admit(
    request: ModelRequest,
    context: ModelCallContext,
    signal: AbortSignal | undefined,
  ): Promise<Admission> {
    // `signal` is this call's own: a retry attempt's when retry() wraps us, so a timed-out attempt leaves the queue.
    // What is actually taken from the buckets, so reconciling later corrects that, not the raw estimate.
    const cost: BucketCost = {
      requests: requests ? Math.min(1, requests.capacity) : 0,
      tokens: tokenCost(request, context.model.modelId),
    };
    const release = limit ? await acquireSlot(limit, signal) : noop;
    try {
      await queue?.acquire(cost, signal);
    } catch (error) {
      release();
      throw error;
    }
    return {
      settle(usage: Usage | undefined, error?: unknown): void {
        release();
        if (!queue) return;
        // Aborted before an answer: most likely nothing was spent, so the charge goes back.
        if (error !== undefined && hasErrorCode(error, 'aborted')) queue.adjust(cost);
        else if (usage && tokens && Number.isFinite(usage.totalTokens)) {
          queue.adjust({ requests: 0, tokens: cost.tokens - usage.totalTokens });
        }
      },
    };
  }

  return {
    name: 'rate-limit',

    async generate(request, next, context: ModelCallContext, options): Promise<ModelResponse> {
      const admission = await admit(request, context, options.signal);
      let response: ModelResponse;
      try {
        response = await next(request);
      } catch (error) {
        admission.settle(undefined, error);
        throw error;
      }
      admission.settle(response.usage);
      return response;
    },

    async *stream(request, next, context: ModelCallContext, options): AsyncIterable<StreamPart> {
      const admission = await admit(request, context, options.signal);
      yield* afterStream(next(request), (usage, failure) => admission.settle(usage, failure));
    },
  };
}

interface Admission {
  /** Releases the slot and reconciles the token estimate with the real usage. */
  settle(usage: Usage | undefined, error?: unknown): void;
}

function noop(): void {}

/**
 * Holds a p-limit slot until the returned release is called. An abort while queued rejects at
 * once; the slot, when its turn comes, is handed straight back.
 */
async function acquireSlot(limit: LimitFunction, signal: AbortSignal | undefined): Promise<() => void> {
  let release: () => void = noop;
  const acquired = new Promise<void>((resolveAcquired) => {
    void limit(function holdSlot() {
      if (signal?.aborted) return undefined;
      return new Promise<void>((resolveRelease) => {
        release = resolveRelease;
        resolveAcquired();
      });
    });
  });
  try {
    await raceAbort(acquired, signal, abortErrorFrom);
  } catch (error) {
    // The abort may have raced the slot's arrival: hand the slot back if it did arrive.
    void acquired.then(() => release());
    throw error;
  }
  return () => release();
}

/** The default estimate: prompt plus the most output the call may ask for, by core's one estimator. */
function defaultEstimateTokens(request: ModelRequest, { modelId }: { modelId: string }): number {
  const { inputTokens, outputTokens } = estimateRequestTokens(request, { model: modelId });
  return inputTokens + outputTokens;
}
