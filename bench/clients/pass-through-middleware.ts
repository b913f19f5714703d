// A middleware that only passes calls and parts through, written as docs/middleware.md shows. In a
// file of its own so the stream profile books its frames to the middleware layer, not the consumer.
import type { Middleware } from '@toolloop/core';

/** Passes every model call and every streamed part through unchanged. */
export const passThrough: Middleware = {
  name: 'pass-through',
  async generate(request, next) {
    return next(request);
  },
  async *stream(request, next) {
    yield* next(request);
  },
};
