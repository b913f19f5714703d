export { estimateTokens } from './estimate-tokens.js';
export { type RateLimitOptions, rateLimit } from './rate-limit.js';
