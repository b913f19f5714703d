export { type RedisRateLimit, type RedisRateLimitOptions, redisRateLimit } from './redis-rate-limit.js';
