import { hash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import { type KeyMaterialOptions, keyMaterial } from './key-material.js';
import { scopedKey } from './scoped-key.js';

/**
 * The default cache key, as stores see it: the namespace part (empty without one), ':', and the
 * SHA-256 (hex) of the canonical JSON of {@link keyMaterial}. Equal for requests that must get
 * the same answer; different when the model, base URL, messages, tools, tool choice, settings or
 * namespace differ.
 * @example const key = cacheKey({ request, model: openai('gpt-4o-mini'), namespace: 'tenant-a' });
 */
export function cacheKey(options: KeyMaterialOptions): string {
  // One-shot crypto.hash (Node >= 20.12) skips building a Hash object: this runs on every call.
  return scopedKey(options.namespace, hash('sha256', canonicalJson(keyMaterial(options)), 'hex'));
}
