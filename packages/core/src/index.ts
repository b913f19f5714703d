/**
 * The agent loop, the Model and middleware contracts, errors, usage, prices, token counts, budgets and image input.
 * @module @toolloop/core
 */
export * from './errors/index.js';
export * from './image/index.js';
export * from './messages/index.js';
export * from './middleware/index.js';
export * from './model/index.js';
export * from './pricing/index.js';
export * from './run/index.js';
export * from './tokens/index.js';
export * from './tool/index.js';
export * from './util/index.js';
