/**
 * Scale-out on Redis: agent jobs on BullMQ across worker processes, with a per-job journal so a
 * redelivered job never repeats a finished model step or tool call.
 * @module @toolloop/queue
 */
export * from './errors/index.js';
export * from './journal/index.js';
export * from './queue/index.js';
export * from './rate-limit/index.js';
export * from './worker/index.js';
