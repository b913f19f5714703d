// Runs many faulty agent runs with every sink on and prints heap figures as JSON (run with --expose-gc).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAgent, type Model, type ModelRequest, type ModelResponse, type Tool } from '@toolloop/core';
import { consoleSink, jsonlSink, logging, type OtelTracerLike, otelSink, sqliteUsageStore } from '../index.js';

const runs = Number(process.argv[2] ?? 20_000);
const warmup = Number(process.argv[3] ?? 2_000);
const concurrency = 32;
const dir = await mkdtemp(join(tmpdir(), 'toolloop-soak-'));

let served = 0;
/** Asks for a tool, then answers; every 5th call fails, every 7th sends bad arguments. */
const model: Model = {
  provider: 'soak',
  modelId: 'gpt-4o-mini',
  async generate(request: ModelRequest): Promise<ModelResponse> {
    const n = ++served;
    // A network model answers on a later turn of the event loop (I/O), never within the same microtask run.
    await new Promise((resolve) => setImmediate(resolve));
    if (n % 5 === 0) throw Object.assign(new Error(`provider fault ${n}`), { code: 'api-call' });
    const last = request.messages.at(-1);
    if (last?.role === 'user') {
      return {
        text: '',
        toolCalls: [
          { toolCallId: `call_${n}`, toolName: 'get_weather', arguments: n % 7 === 0 ? '{"city":' : '{"city":"서울"}' },
        ],
        finishReason: 'tool-calls',
        usage: { inputTokens: 40, outputTokens: 12, totalTokens: 52 },
      };
    }
    return {
      text: '서울은 맑고 22도예요.',
      toolCalls: [],
      finishReason: 'stop',
      usage: { inputTokens: 80, outputTokens: 9, totalTokens: 89 },
    };
  },
  async *stream() {
    throw new Error('not used');
  },
};

let tools = 0;
const weather: Tool<{ city: string }> = {
  name: 'get_weather',
  description: 'weather of a city',
  jsonSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  parseInput: (input) =>
    typeof (input as { city?: unknown })?.city === 'string'
      ? { success: true, data: input as { city: string } }
      : { success: false, error: 'city: Required' },
  execute: ({ city }) => {
    if (++tools % 10 === 0) throw new Error('weather source down');
    return { city, temperature: 22 };
  },
};

let spans = 0;
const tracer: OtelTracerLike = {
  startSpan: () => ({
    setAttribute() {},
    setAttributes() {},
    setStatus() {},
    recordException() {},
    end() {
      spans++;
    },
  }),
} as unknown as OtelTracerLike;

const jsonl = jsonlSink({ path: join(dir, 'calls.jsonl') });
const store = sqliteUsageStore({ path: join(dir, 'usage.db') });
const log = logging({
  sink: [consoleSink({ stream: { write: () => true } }), jsonl, store, otelSink({ tracer })],
  onError: () => {},
});
const agent = createAgent({ model, tools: [weather], middleware: [log], maxSteps: 3 });

async function batch(count: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next++;
        await agent.run('서울 날씨 어때?').catch(() => undefined);
      }
    }),
  );
}

const gc = globalThis.gc as () => void;
const settledHeap = async () => {
  await log.flush();
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
};

await batch(warmup);
const before = await settledHeap();
await batch(runs);
const after = await settledHeap();
const [all] = await store.summary();
const output = {
  runs,
  before,
  after,
  spans,
  jsonl: jsonl.stats(),
  sqlite: store.stats(),
  storedCalls: all?.calls,
  rssMB: Math.round(process.memoryUsage().rss / 2 ** 20),
};
await log.close();
process.stdout.write(`${JSON.stringify(output)}\n`);
