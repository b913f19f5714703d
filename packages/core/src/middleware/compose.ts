import { ResponseCollector, responseToStreamParts } from '../model/collect-stream.js';
import type { CallOptions, Model, ModelResponse, StreamPart } from '../model/model.js';
import { AsyncQueue } from '../util/async-queue.js';
import type {
  GenerateNext,
  Middleware,
  ModelCallContext,
  StreamNext,
  ToolCallContext,
  ToolNext,
} from './middleware.js';

function withSignal(options: CallOptions | undefined, context: ModelCallContext): CallOptions | undefined {
  if (options?.signal || !context.signal) return options;
  return { ...options, signal: context.signal };
}

/**
 * The generate onion for one call: `middleware[0]` is outermost. If a middleware calls `next`
 * without options, the options it was called with flow on, so a per-attempt signal set by an
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
      return layer.generate!(request, (r, o) => inner(r, o ?? options), context);
    };
  }
  return next;
}

/**
 * The stream onion for one call. A middleware with `stream` wraps the parts; one with only
 * `generate` is bridged: its `next` runs the inner stream, forwarding parts live while collecting
 * the response it returns. If it returns a response without calling `next` (a cache hit), that
 * response is replayed as parts. Changes it makes to a response after `next` cannot reach parts
 * already forwarded — implement `stream` for that.
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
        return layer.stream!(request, (r, o) => inner(r, o ?? options), context);
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
  const forwarded = new Set<ModelResponse>();
  let cancelled = false;
  let final: ModelResponse | undefined;
  layer.generate!(
    request,
    async function bridgedNext(r, o) {
      const collector = new ResponseCollector();
      for await (const part of inner(r, o ?? options)) {
        if (cancelled) break;
        collector.add(part);
        queue.push(part);
      }
      const response = collector.toResponse();
      forwarded.add(response);
      return response;
    },
    context,
  ).then(
    (response) => {
      final = response;
      queue.end();
    },
    (error: unknown) => queue.fail(error),
  );
  try {
    yield* queue;
    if (final && !forwarded.has(final) && forwarded.size === 0) yield* responseToStreamParts(final);
  } finally {
    cancelled = true;
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
