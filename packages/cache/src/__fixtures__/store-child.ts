// Run by cross-process.test.ts in a separate Node process: stores one answer through the cache
// middleware, so the parent can prove it gets a hit without calling its own model.
import { wrapModel } from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import { cache } from '../middleware/cache.js';
import type { CacheStore } from '../stores/cache-store.js';
import { redisStore } from '../stores/redis-store.js';
import { sqliteStore } from '../stores/sqlite-store.js';

const [kind, location, namespace, text, keyPrefix] = process.argv.slice(2);
if (!kind || !location || !namespace || !text) {
  throw new Error('usage: store-child.ts sqlite|redis <path|url> <namespace> <text> [redis key prefix]');
}

const store: CacheStore = kind === 'sqlite' ? sqliteStore({ path: location }) : redisStore({ url: location, keyPrefix });
const model = scriptedModel({ turns: [{ text, usage: { inputTokens: 5, outputTokens: 3 } }] });
const cached = cache({ store, namespace });
const response = await wrapModel({ model, middleware: [cached] }).generate({
  messages: [{ role: 'user', content: '프로세스 사이에서 공유되나요?' }],
});
await store.close?.();
process.stdout.write(`${JSON.stringify({ text: response.text, modelCalls: model.calls.length, stats: cached.stats() })}\n`);
