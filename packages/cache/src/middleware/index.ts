export { type CacheMiddleware, type CacheOptions, cache } from './cache.js';
export type { CacheErrorEvent, CacheStats } from './cache-stats.js';
