export type { CacheStore } from './cache-store.js';
export { type MemoryStore, type MemoryStoreOptions, memoryStore } from './memory-store.js';
export { type RedisStoreOptions, redisStore } from './redis-store.js';
export { type SqliteStoreOptions, sqliteStore } from './sqlite-store.js';
