// The guide's 캐싱 활용 section, the toolloop way: the cache middleware keys each request by
// everything that changes the answer (model, base URL, messages, tools, settings), stores only
// complete successful responses, expires them, and can live in memory, SQLite or Redis.
// Offline, the simulator takes 300 ms per answer so the saving is visible.

import { cache, memoryStore } from '@toolloop/cache';
import { createAgent, type Middleware } from '@toolloop/core';
import { openai } from '@toolloop/openai';
import { endpointFromEnv } from '@toolloop/simulator';

const endpoint = await endpointFromEnv({
  simulator: {
    script: [
      { text: '안녕하세요! 무엇을 도와드릴까요?', delayMs: 300 },
      { text: '안녕하세요. 오늘은 어떤 이야기를 나눠볼까요?', delayMs: 300 },
    ],
  },
});
console.log(endpoint.description);

/** What a logging middleware sees: a response the cache served says `source: 'cache'`. */
let lastCacheHit: boolean | undefined;
const recordCacheHit: Middleware = {
  name: 'record-cache-hit',
  async generate(request, next) {
    const response = await next(request);
    lastCacheHit = response.source === 'cache';
    return response;
  },
};

const cached = cache({ store: memoryStore({ maxEntries: 500 }), ttlMs: 10 * 60_000 });
const model = openai(endpoint.model, { baseURL: endpoint.baseURL, apiKey: endpoint.apiKey });
const agentWith = (temperature: number) =>
  createAgent({
    model,
    instructions: '간결하게 답변해주세요.',
    middleware: [recordCacheHit, cached],
    settings: { maxTokens: 128, temperature },
  });

async function timed(label: string, temperature: number): Promise<number> {
  const started = performance.now();
  const result = await agentWith(temperature).run('안녕하세요');
  const ms = performance.now() - started;
  console.log(`${label}: ${ms.toFixed(1)} ms, cache hit: ${lastCacheHit} → ${result.text}`);
  return ms;
}

try {
  const first = await timed('1st request (temperature 0)  ', 0);
  const second = await timed('2nd identical request       ', 0);
  console.log(
    `time saved by the cache: ${(first - second).toFixed(1)} ms (${(first / Math.max(second, 0.001)).toFixed(0)}× faster)`,
  );
  // A different setting is a different request: md5(prompt) would wrongly serve the old answer here.
  await timed('same prompt, temperature 0.8', 0.8);
  console.log(`cache stats: ${JSON.stringify(cached.stats())}`);
} finally {
  await endpoint.close();
}
