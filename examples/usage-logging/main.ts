// The guide's 모니터링 및 로깅 → 사용량 추적 section, the toolloop way: a logging middleware writes one
// record per model call and per tool call (tokens, cached tokens, cost from a price table, latency,
// status) to the console and to a SQLite usage store, which is then summarised by model.
// Offline (no OPENAI_API_KEY / OPENAI_BASE_URL) it talks to the built-in simulator on 127.0.0.1.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAgent } from '@toolloop/core';
import { consoleSink, logging, sqliteUsageStore } from '@toolloop/logging';
import { openai } from '@toolloop/openai';
import { endpointFromEnv } from '@toolloop/simulator';
import { createWeatherTool, offlineWeatherSource, openMeteoSource } from '@toolloop/tools';

const endpoint = await endpointFromEnv();
console.log(endpoint.description);
const dir = await mkdtemp(join(tmpdir(), 'toolloop-usage-'));
const store = sqliteUsageStore({ path: join(dir, 'usage.db') });
const log = logging({ sink: [consoleSink({ stream: process.stdout }), store] });

const agent = createAgent({
  model: openai(endpoint.model, { baseURL: endpoint.baseURL, apiKey: endpoint.apiKey }),
  instructions: '간결하게 답변해주세요.',
  tools: [createWeatherTool({ source: endpoint.offline ? offlineWeatherSource() : openMeteoSource() })],
  middleware: [log], // outermost: with cache and retry it would be [log, cache(…), retry()]
  settings: { maxTokens: 256, temperature: 0 },
});

try {
  let runCost = 0;
  for (const question of ['서울 날씨 어때?', '부산 날씨 알려줘']) {
    const result = await agent.run(question);
    runCost += result.cost ?? Number.NaN;
    console.log(`${question} → ${result.text}`);
  }
  // A streamed run is logged the same way, with its time to first token.
  for await (const event of agent.stream('AI란?')) {
    if (event.type === 'run-finish') {
      runCost += event.cost ?? Number.NaN;
      console.log(`AI란? → ${event.text}`);
    }
  }
  await log.flush();

  console.log('\nUsage by model (from the SQLite usage store):');
  for (const row of await store.summary({ groupBy: 'model' })) {
    console.log(
      `  ${row.key}: ${row.calls} calls, ${row.errors} errors, in ${row.inputTokens} (cached ${row.cachedInputTokens}) out ${row.outputTokens} tokens, $${row.costUSD.toFixed(6)}` +
        (row.unpricedCalls ? ` (+${row.unpricedCalls} calls without a known price)` : ''),
    );
  }
  console.log(`Sum of result.cost over the runs: $${runCost.toFixed(6)}`);
  const [latest] = await store.recentCalls({ limit: 1 });
  if (latest)
    console.log(
      `Latest call: ${latest.model} step ${latest.step} ${latest.status}, ${latest.totalTokens} tokens`,
    );
} finally {
  await log.close();
  await endpoint.close();
  await rm(dir, { recursive: true, force: true });
}
