/**
 * The response cache middleware with memory, SQLite and Redis stores.
 * @module @toolloop/cache
 */
export * from './entry/index.js';
export * from './key/index.js';
export * from './middleware/index.js';
export * from './stores/index.js';
