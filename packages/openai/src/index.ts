/**
 * The OpenAI-compatible chat completions provider over undici: JSON, SSE, tools, images.
 * What our other packages share (the wire builders and parsers) is in `@toolloop/openai/internal`.
 * @module @toolloop/openai
 */
export * from './provider/index.js';
