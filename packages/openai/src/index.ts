/**
 * The OpenAI-compatible chat completions provider over undici: JSON, SSE, tools, images.
 * @module @toolloop/openai
 */
export * from './batch/index.js';
export * from './provider/index.js';
export * from './request/index.js';
export * from './response/index.js';
export * from './sse/index.js';
export * from './stream/index.js';
