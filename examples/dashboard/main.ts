// The guide's 대시보드 활용 section, the toolloop way: agents write usage records to a SQLite store
// (some runs fail, some answers come from the cache), and `startDashboard` serves usage, cost,
// request logs and tools over that store on 127.0.0.1.
// Usage: main.ts [--once] [--seed <calls>] [--port <port>]
//   --once          exit as soon as the page is ready (CI); otherwise serve until Ctrl-C
//   --seed <calls>  also add <calls> synthetic calls of the last two days, for a fuller page
// Offline (no OPENAI_API_KEY / OPENAI_BASE_URL) the built-in simulator answers (its first call fails).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cache, memoryStore } from '@toolloop/cache';
import { createAgent } from '@toolloop/core';
import { startDashboard } from '@toolloop/dashboard';
import { seedUsageStore } from '@toolloop/dashboard/test';
import { logging, sqliteUsageStore } from '@toolloop/logging';
import { openai } from '@toolloop/openai';
import { endpointFromEnv } from '@toolloop/simulator';
import { createWeatherTool, offlineWeatherSource, openMeteoSource } from '@toolloop/tools';

const { values } = parseArgs({
  options: { once: { type: 'boolean' }, seed: { type: 'string' }, port: { type: 'string', default: '0' } },
});
const endpoint = await endpointFromEnv({ simulator: { faults: [{ type: 'status', status: 500 }] } });
console.log(endpoint.description);
const dir = await mkdtemp(join(tmpdir(), 'toolloop-dashboard-'));
const path = join(dir, 'usage.db');
const store = sqliteUsageStore({ path });
const log = logging({ sink: store });

const agent = createAgent({
  model: openai(endpoint.model, { baseURL: endpoint.baseURL, apiKey: endpoint.apiKey }),
  instructions: '간결하게 답변해주세요.',
  tools: [createWeatherTool({ source: endpoint.offline ? offlineWeatherSource() : openMeteoSource() })],
  // log outermost: it records cache hits too (cost 0, no billed tokens).
  middleware: [log, cache({ store: memoryStore({ maxEntries: 100 }) })],
  settings: { maxTokens: 256, temperature: 0 },
});

let ok = 0;
let failed = 0;
try {
  // Each question twice: the second run is answered by the cache.
  for (const question of [
    '서울 날씨 어때?',
    '부산 날씨 알려줘',
    '서울 날씨 어때?',
    '부산 날씨 알려줘',
    'AI란?',
  ]) {
    try {
      await agent.run(question);
      ok++;
    } catch (error) {
      failed++;
      console.log(`실패한 실행: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  }
  await log.close();
  if (values.seed) await seedUsageStore({ path, calls: Number(values.seed) });
  const reader = sqliteUsageStore({ path });
  const [all] = await reader.summary();
  await reader.close();
  console.log(
    `runs: ${ok} ok, ${failed} failed; store: ${all?.calls} model calls, ${all?.cacheHits} cache hits, ${all?.errors} errors`,
  );

  const dashboard = await startDashboard({ db: path, port: Number(values.port) });
  console.log(`dashboard: ${dashboard.url}`);
  if (values.once) await dashboard.close();
  else {
    console.log('Ctrl-C stops it.');
    await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    await dashboard.close();
  }
} finally {
  await endpoint.close();
  await rm(dir, { recursive: true, force: true });
}
