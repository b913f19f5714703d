import { AbortError } from '../errors/abort-error.js';
import { ResponseCollector, responseToStreamParts } from '../model/collect-stream.js';
import type { CallOptions, Model, ModelResponse, StreamPart } from '../model/model.js';
import { onAbort } from '../signal/on-abort.js';
import { AsyncQueue } from '../util/async-queue.js';
import type {
  GenerateNext,
  Middleware,
  ModelCallContext,
  StreamNext,
  ToolCallContext,
  ToolNext,
} from './middleware.js';

/**
 * Options a middleware passes to `next` are laid over the ones it was called with, so adding a
 * header does not drop an outer per-attempt signal (nor the outer headers).
 */
function mergeOptions(
  outer: CallOptions | undefined,
  inner: CallOptions | undefined,
): CallOptions | undefined {
  if (!inner) return outer;
  if (!outer) return inner;
  const merged: CallOptions = { ...outer, ...inner };
  if (outer.headers && inner.headers) merged.headers = { ...outer.headers, ...inner.headers };
  return merged;
}

const noOptions: CallOptions = Object.freeze({});

/** The options a layer's own call was made with, its signal defaulting to the run's. */
function withSignal(options: CallOptions | undefined, context: ModelCallContext): CallOptions {
  if (options?.signal || !context.signal) return options ?? noOptions;
  return { ...options, signal: context.signal };
}

/**
 * The generate onion for one call: `middleware[0]` is outermost. Options a middleware gives `next`
 * are merged over the options it was called with, so a per-attempt signal set by an
 * outer middleware reaches the model.
 */
export function composeGenerate(
  model: Model,
  middleware: readonly Middleware[],
  context: ModelCallContext,
): GenerateNext {
  let next: GenerateNext = (request, options) => model.generate(request, withSignal(options, context));
  for (let i = middleware.length - 1; i >= 0; i--) {
    const layer = middleware[i]!;
    if (!layer.generate) continue;
    const inner = next;
    next = function generateLayer(request, options) {
      return layer.generate!(
        request,
        (r, o) => inner(r, mergeOptions(options, o)),
        context,
        withSignal(options, context),
      );
    };
  }
  return next;
}

/**
 * The stream onion for one call. A middleware with `stream` wraps the parts; one with only
 * `generate` is bridged: its `next` runs the inner stream, forwarding parts live while collecting
 * the response it returns. If it returns a response without calling `next` (a cache hit), that
 * response is replayed as parts. Changes it makes to a response after `next` cannot reach parts
 * already forwarded — implement `stream` for that. Once a part has been forwarded, an error of the
 * inner stream surfaces to the consumer even if the middleware retries or recovers.
 */
export function composeStream(
  model: Model,
  middleware: readonly Middleware[],
  context: ModelCallContext,
): StreamNext {
  let next: StreamNext = (request, options) => model.stream(request, withSignal(options, context));
  for (let i = middleware.length - 1; i >= 0; i--) {
    const layer = middleware[i]!;
    const inner = next;
    if (layer.stream) {
      next = function streamLayer(request, options) {
        return layer.stream!(
          request,
          (r, o) => inner(r, mergeOptions(options, o)),
          context,
          withSignal(options, context),
        );
      };
    } else if (layer.generate) {
      next = function bridgedLayer(request, options) {
        return generateOverStream(layer, request, inner, context, options);
      };
    }
  }
  return next;
}

async function* generateOverStream(
  layer: Middleware,
  request: Parameters<StreamNext>[0],
  inner: StreamNext,
  context: ModelCallContext,
  options: CallOptions | undefined,
): AsyncGenerator<StreamPart> {
  const queue = new AsyncQueue<StreamPart>();
  // One controller per inner call, so an early exit can stop a stalled provider, not only wait for it.
  const running = new Set<AbortController>();
  let streamed = false;
  let closed = false;
  let final: ModelResponse | undefined;
  layer.generate!(
    request,
    async function bridgedNext(r, o) {
      if (closed)
        throw new AbortError({ message: 'The stream was closed; no further model call is made for it.' });
      const callOptions = mergeOptions(options, o);
      const upstream = callOptions?.signal ?? context.signal;
      const controller = new AbortController();
      const dispose = onAbort(upstream, () => controller.abort(upstream?.reason));
      running.add(controller);
      const collector = new ResponseCollector();
      try {
        for await (const part of inner(r, { ...callOptions, signal: controller.signal })) {
          if (closed) break;
          collector.add(part);
          streamed = true;
          queue.push(part);
        }
        return collector.toResponse();
      } catch (error) {
        // Parts already reached the consumer: a retry or fallback by this middleware could only
        // garble the stream, so the error surfaces now, whatever the middleware does with it.
        if (streamed) {
          closed = true;
          queue.fail(error);
        }
        throw error;
      } finally {
        dispose();
        running.delete(controller);
      }
    },
    context,
    withSignal(options, context),
  ).then(
    (response) => {
      final = response;
      queue.end();
    },
    (error: unknown) => queue.fail(error),
  );
  try {
    yield* queue;
    // Nothing was streamed (a cache hit that never called next): replay the response as parts.
    if (final && !streamed) yield* responseToStreamParts(final);
  } finally {
    closed = true;
    for (const controller of running) {
      controller.abort(new AbortError({ message: 'The stream consumer stopped reading before the end.' }));
    }
  }
}

/** The tool onion for one tool call: `middleware[0]` is outermost, `execute` is innermost. */
export function composeTool(
  middleware: readonly Middleware[],
  execute: ToolNext,
  context: ToolCallContext,
): ToolNext {
  let next = execute;
  for (let i = middleware.length - 1; i >= 0; i--) {
    const layer = middleware[i]!;
    if (!layer.tool) continue;
    const inner = next;
    next = function toolLayer(call) {
      return layer.tool!(call, inner, context);
    };
  }
  return next;
}
