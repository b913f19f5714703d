import type {
  CallOptions,
  GenerateNext,
  Middleware,
  ModelCallContext,
  ModelRequest,
  ModelResponse,
  StreamNext,
  StreamPart,
} from '@toolloop/core';
import { abortErrorFrom } from '@toolloop/core/internal';
import { type RetryOptions, resolveRetryOptions } from './retry-options.js';
import { RetryRun } from './retry-run.js';

/**
 * Retries failed model calls with exponential backoff and full jitter, honouring `retry-after`,
 * with per-attempt and total timeouts. It wraps the model call only, so a tool never runs twice.
 * Sets `context.metadata.retries`.
 * @example createAgent({ model, middleware: [retry({ maxRetries: 3, timeoutMs: 30_000 })] });
 */
export function retry(options: RetryOptions = {}): Middleware {
  const resolved = resolveRetryOptions(options);

  return {
    name: 'retry',

    async generate(
      request: ModelRequest,
      next: GenerateNext,
      context: ModelCallContext,
      options: CallOptions,
    ): Promise<ModelResponse> {
      const run = new RetryRun(resolved, context, options.signal);
      try {
        return await run.execute(function attemptGenerate(callOptions) {
          return callOptions ? next(request, callOptions) : next(request);
        });
      } finally {
        run.dispose();
      }
    },

    async *stream(
      request: ModelRequest,
      next: StreamNext,
      context: ModelCallContext,
      options: CallOptions,
    ): AsyncIterable<StreamPart> {
      const run = new RetryRun(resolved, context, options.signal);
      let iterator: AsyncIterator<StreamPart> | undefined;
      let done = false;
      try {
        // Only the first part is pulled inside the retry loop: until it reaches the consumer a
        // failed stream can be replayed from scratch; after that, a retry would repeat text the
        // consumer already showed, so later errors surface as they are.
        const opened = await run.execute(async function attemptStream(callOptions) {
          const parts = (callOptions ? next(request, callOptions) : next(request))[Symbol.asyncIterator]();
          const first = await parts.next();
          if (callOptions?.signal?.aborted && !first.done) {
            // This attempt already lost to its timeout or an abort (a model that ignores its
            // signal answered late): nobody will read this stream, so close it.
            await parts.return?.();
            throw abortErrorFrom(callOptions.signal);
          }
          return { parts, first };
        });
        iterator = opened.parts;
        if (opened.first.done) {
          done = true;
          return;
        }
        yield opened.first.value;
        while (true) {
          const result = await iterator.next();
          if (result.done) {
            done = true;
            return;
          }
          yield result.value;
        }
      } catch (error) {
        done = true;
        throw run.lateError(error);
      } finally {
        try {
          // The consumer stopped early (break, or an abort upstream): let the provider close its
          // socket, while the caller's abort and the total timeout can still reach it.
          if (!done) await iterator?.return?.();
        } finally {
          run.dispose();
        }
      }
    },
  };
}
