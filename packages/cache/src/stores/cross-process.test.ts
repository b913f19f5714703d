import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wrapModel } from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cache } from '../middleware/cache.js';
import { ensureRedis } from '../test-utils.js';
import type { CacheStore } from './cache-store.js';
import { redisStore } from './redis-store.js';
import { sqliteStore } from './sqlite-store.js';

const here = dirname(fileURLToPath(import.meta.url));
const child = join(here, '../__fixtures__/store-child.ts');
const namespace = `xproc-${process.pid}-${Date.now()}`;
const keyPrefix = `toolloop-test:${namespace}:`;

function runChild(args: string[]): Promise<{ text: string; modelCalls: number }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--conditions=@toolloop/source', '--import', 'tsx', child, ...args],
      { cwd: here, timeout: 30_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`child failed: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}'));
      },
    );
  });
}

/** The parent's model has no turns: calling it would throw, so a served answer must be a hit. */
async function parentGenerate(store: CacheStore) {
  const model = scriptedModel({ turns: [] });
  const seen: Array<boolean | undefined> = [];
  const response = await wrapModel({
    model,
    middleware: [
      {
        name: 'recorder',
        async generate(request, next) {
          const result = await next(request);
          seen.push(result.source === 'cache');
          return result;
        },
      },
      cache({ store, namespace }),
    ],
  }).generate({ messages: [{ role: 'user', content: '프로세스 사이에서 공유되나요?' }] });
  return { text: response.text, modelCalls: model.calls.length, cacheHit: seen[0] };
}

describe('two processes share hits', () => {
  let dir: string;
  let redisUrl: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'toolloop-xproc-'));
    redisUrl = await ensureRedis();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    const store = redisStore({ url: redisUrl, keyPrefix });
    await store.clear?.();
    await store.close?.();
  });

  it('through the SQLite store', async () => {
    const path = join(dir, 'shared.db');
    expect(await runChild(['sqlite', path, namespace, 'SQLite에서 온 답'])).toMatchObject({ modelCalls: 1 });
    const store = sqliteStore({ path });
    try {
      expect(await parentGenerate(store)).toEqual({
        text: 'SQLite에서 온 답',
        modelCalls: 0,
        cacheHit: true,
      });
    } finally {
      await store.close?.();
    }
  });

  it('through the Redis store (real redis-server)', async () => {
    expect(await runChild(['redis', redisUrl, namespace, 'Redis에서 온 답', keyPrefix])).toMatchObject({
      modelCalls: 1,
    });
    const store = redisStore({ url: redisUrl, keyPrefix });
    try {
      expect(await parentGenerate(store)).toEqual({ text: 'Redis에서 온 답', modelCalls: 0, cacheHit: true });
    } finally {
      await store.close?.();
    }
  });
});
