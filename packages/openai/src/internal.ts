/**
 * The Chat Completions wire for other `@toolloop/*` packages (batch files carry the same request
 * bodies and responses): request builders, response mappers, the SSE decoder and stream assembler,
 * and the wire types. **Not covered by semver**; users import `openai` from `@toolloop/openai`.
 * @module @toolloop/openai/internal
 */
export * from './request/index.js';
export * from './response/index.js';
export * from './sse/index.js';
export * from './stream/index.js';
