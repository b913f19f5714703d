/**
 * defineTool (zod v4 and v3 → JSON Schema, once) and the built-in get_weather.
 * @module @toolloop/tools
 */
export * from './define-output/index.js';
export * from './define-tool/index.js';
export * from './strict/index.js';
export * from './weather/index.js';
