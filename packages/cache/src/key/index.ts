export { cacheKey } from './cache-key.js';
export { canonicalJson } from './canonical-json.js';
export { type CacheKeyModel, type KeyMaterialOptions, keyMaterial } from './key-material.js';
