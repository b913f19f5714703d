import { createAgent } from '@toolloop/core';
import { openai } from '@toolloop/openai';
import { redactedCredential, type Simulator, startSimulator } from '@toolloop/simulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CacheStore } from '../stores/cache-store.js';
import { memoryStore } from '../stores/memory-store.js';
import { cache } from './cache.js';

const canary = 'sk-canary-4b1d9e2f7a3c5e8b';

function observedStore(): CacheStore & { writes: string[] } {
  const inner = memoryStore();
  const writes: string[] = [];
  return {
    name: 'observed',
    writes,
    get: (key) => inner.get(key),
    set: (key, value, ttlMs) => {
      writes.push(key, value);
      return inner.set(key, value, ttlMs);
    },
    delete: (key) => inner.delete(key),
  };
}

describe('cache with the OpenAI provider and the simulator (end to end, over HTTP)', () => {
  let sim: Simulator;
  beforeEach(async () => {
    sim = await startSimulator({ apiKey: canary, stream: { chunkChars: 3 } });
  });
  afterEach(async () => {
    await sim.close();
  });

  it('answers the second identical run from the cache, for run and for stream, and stores no API key', async () => {
    sim.script({ text: '안녕하세요! 캐시된 답변입니다.' }, { text: '스트리밍으로 받은 긴 이야기입니다.' });
    const store = observedStore();
    const cached = cache({ store });
    const agent = createAgent({
      model: openai('gpt-4o-mini', { baseURL: sim.url, apiKey: canary }),
      instructions: '간결하게 답변해주세요.',
      middleware: [cached],
      settings: { maxTokens: 128, temperature: 0 },
    });

    const first = await agent.run('안녕하세요');
    const second = await agent.run('안녕하세요');
    expect(second.text).toBe(first.text);
    expect(first.text).toBe('안녕하세요! 캐시된 답변입니다.');

    const collect = async () => {
      const deltas: string[] = [];
      for await (const event of agent.stream('긴 이야기를 들려주세요'))
        if (event.type === 'text-delta') deltas.push(event.delta);
      return deltas;
    };
    const live = await collect();
    const replayed = await collect();
    expect(replayed).toEqual(live);
    expect(live.length).toBeGreaterThan(3);

    expect(sim.requests).toHaveLength(2);
    expect(sim.requests[0]?.headers.authorization).toBe(redactedCredential(`Bearer ${canary}`));
    expect(cached.stats()).toMatchObject({ hits: 2, misses: 2, errors: 0 });
    expect(store.writes).toHaveLength(4);
    for (const written of store.writes) expect(written).not.toContain('sk-canary');
  });

  it('does not cache an HTTP error: the retry of the same request reaches the server', async () => {
    sim.script({ error: { status: 500 } }, { text: '복구되었습니다' });
    const agent = createAgent({
      model: openai('gpt-4o-mini', { baseURL: sim.url, apiKey: canary }),
      middleware: [cache({ store: memoryStore() })],
    });
    await expect(agent.run('안녕')).rejects.toMatchObject({ code: 'api-call' });
    expect((await agent.run('안녕')).text).toBe('복구되었습니다');
    expect((await agent.run('안녕')).text).toBe('복구되었습니다');
    expect(sim.requests).toHaveLength(2);
  });
});
