export { CACHE_ENTRY_VERSION, type CacheEntry, decodeEntry, encodeEntry } from './cache-entry.js';
export { CorruptEntryError, type CorruptEntryErrorOptions } from './corrupt-entry-error.js';
