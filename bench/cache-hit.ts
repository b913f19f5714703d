// How much time a memory-store cache hit adds over calling a model that answers instantly.
// Run: cd bench && npx tsx --conditions=@toolloop/source cache-hit.ts
// Both paths are timed per call, interleaved, after a warm-up; the "added" figures are the cached
// path's median / p99 minus the direct path's. Target: < 50 µs added at the median.
import { cache, memoryStore } from '@toolloop/cache';
import { type Model, type ModelRequest, type ModelResponse, wrapModel } from '@toolloop/core';

const iterations = Number(process.env.ITERATIONS ?? 20_000);
const warmup = 2_000;

// A typical agent step: instructions, a short history, one tool, settings.
const request: ModelRequest = {
  messages: [
    { role: 'system', content: '간결하게 답변해주세요. 도구가 필요하면 호출하세요.' },
    { role: 'user', content: '서울 날씨 어때?' },
    {
      role: 'assistant',
      content: '',
      toolCalls: [
        { toolCallId: 'call_1', toolName: 'get_weather', arguments: '{"city":"서울","unit":"celsius"}' },
      ],
    },
    {
      role: 'tool',
      toolCallId: 'call_1',
      toolName: 'get_weather',
      content: '{"city":"서울","unit":"celsius","temperature":21,"condition":"맑음"}',
    },
  ],
  tools: [
    {
      name: 'get_weather',
      description: '특정 도시의 날씨 정보를 가져옵니다',
      parameters: {
        type: 'object',
        properties: {
          city: { type: 'string', description: '도시 이름 (예: 서울, 부산)' },
          unit: { type: 'string', enum: ['celsius', 'fahrenheit'], default: 'celsius' },
        },
        required: ['city'],
        additionalProperties: false,
      },
    },
  ],
  toolChoice: 'auto',
  settings: { maxTokens: 256, temperature: 0 },
};

const precomputed: ModelResponse = {
  text: '서울은 지금 맑고 기온은 21°C입니다.',
  toolCalls: [],
  finishReason: 'stop',
  usage: { inputTokens: 120, outputTokens: 18, totalTokens: 138 },
  response: { id: 'chatcmpl-bench', modelId: 'gpt-4o-mini' },
};

const model: Model = {
  provider: 'openai',
  modelId: 'gpt-4o-mini',
  baseURL: 'https://api.openai.com/v1',
  generate: async () => precomputed,
  // biome-ignore lint/correctness/useYield: the bench only calls generate
  async *stream() {
    throw new Error('not used');
  },
};

const cached = cache({ store: memoryStore() });
const wrapped = wrapModel({ model, middleware: [cached] });
await wrapped.generate(request); // the one miss: every timed call below is a hit

const direct: number[] = [];
const viaCache: number[] = [];
for (let i = 0; i < warmup + iterations; i++) {
  let started = process.hrtime.bigint();
  await model.generate(request);
  const d = Number(process.hrtime.bigint() - started) / 1000;
  started = process.hrtime.bigint();
  await wrapped.generate(request);
  const c = Number(process.hrtime.bigint() - started) / 1000;
  if (i >= warmup) {
    direct.push(d);
    viaCache.push(c);
  }
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const stats = cached.stats();
if (stats.misses !== 1 || stats.hits !== warmup + iterations)
  throw new Error(`unexpected cache stats ${JSON.stringify(stats)}`);
const result = {
  bench: 'cache-hit',
  iterations,
  directMedianUs: round(quantile(direct, 0.5)),
  directP99Us: round(quantile(direct, 0.99)),
  cachedMedianUs: round(quantile(viaCache, 0.5)),
  cachedP99Us: round(quantile(viaCache, 0.99)),
  addedMedianUs: round(quantile(viaCache, 0.5) - quantile(direct, 0.5)),
  addedP99Us: round(quantile(viaCache, 0.99) - quantile(direct, 0.99)),
  targetMedianUs: 50,
};
console.log(
  `memory-store cache hit adds ${result.addedMedianUs} µs at the median (p99 ${result.addedP99Us} µs) over a direct call ` +
    `(${iterations} iterations; direct ${result.directMedianUs} µs, cached ${result.cachedMedianUs} µs); target < 50 µs: ` +
    (result.addedMedianUs < 50 ? 'met' : 'MISSED'),
);
console.log(JSON.stringify(result));

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
