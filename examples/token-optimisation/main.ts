// The guide's 토큰 최적화 section: the same question asked the good way (a short prompt, a system
// message asking for brevity, maxTokens 100) and the bad way (a long, chatty prompt, no system
// message, no maxTokens). The difference is computed from the usage the logging middleware
// RECORDED for each call, priced as gpt-4o-mini with core's price table.
// Offline (no OPENAI_API_KEY / OPENAI_BASE_URL) it talks to the built-in simulator on 127.0.0.1.
import type { Message } from '@toolloop/core';
import { createAgent } from '@toolloop/core';
import { computeCost, consoleSink, type LogRecord, logging, type ModelCallRecord } from '@toolloop/logging';
import { openai } from '@toolloop/openai';
import { endpointFromEnv } from '@toolloop/simulator';

const endpoint = await endpointFromEnv();
console.log(endpoint.description);
const model = openai(endpoint.model, { baseURL: endpoint.baseURL, apiKey: endpoint.apiKey });

const records: LogRecord[] = [];
const log = logging({
  sink: [consoleSink({ stream: process.stdout }), { write: (record) => void records.push(record) }],
});

// 좋은 예
const good: Message[] = [
  { role: 'system', content: '간결하게 답변해주세요.' },
  { role: 'user', content: 'AI란?' },
];
// 나쁜 예
const bad: Message[] = [
  {
    role: 'user',
    content:
      '안녕하세요! 저는 AI에 대해 궁금한 것이 있어서요. AI가 정확히 무엇인지 자세하고 길게 설명해주실 수 있나요?',
  },
];

interface Totals {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  costUSD: number;
}

/** Tokens and cost of one run, from the records the logging middleware wrote for it. */
function totalsOf(runId: string): Totals {
  const calls = records.filter((r): r is ModelCallRecord => r.type === 'model-call' && r.runId === runId);
  const totals: Totals = { inputTokens: 0, outputTokens: 0, totalTokens: 0, costUSD: 0 };
  for (const call of calls) {
    const usage = {
      inputTokens: call.inputTokens ?? 0,
      cachedInputTokens: call.cachedInputTokens ?? 0,
      outputTokens: call.outputTokens ?? 0,
      totalTokens: call.totalTokens ?? 0,
    };
    totals.inputTokens += usage.inputTokens;
    totals.outputTokens += usage.outputTokens;
    totals.totalTokens += usage.totalTokens;
    totals.costUSD += computeCost('gpt-4o-mini', usage) ?? 0;
  }
  return totals;
}

try {
  const goodRun = await createAgent({ model, middleware: [log], settings: { maxTokens: 100 } }).run(good);
  console.log(`좋은 예 → ${goodRun.text}`);
  const badRun = await createAgent({ model, middleware: [log] }).run(bad);
  console.log(`나쁜 예 → ${badRun.text}`);
  await log.flush();

  const goodTotals = totalsOf(goodRun.runId);
  const badTotals = totalsOf(badRun.runId);
  const line = (name: string, t: Totals) =>
    `${name}: input ${t.inputTokens}, output ${t.outputTokens}, total ${t.totalTokens} tokens, $${t.costUSD.toFixed(6)} (gpt-4o-mini)`;
  console.log('');
  console.log(line('좋은 예 (good)', goodTotals));
  console.log(line('나쁜 예 (bad) ', badTotals));
  const savedTokens = badTotals.totalTokens - goodTotals.totalTokens;
  const savedPercent = badTotals.totalTokens > 0 ? (100 * savedTokens) / badTotals.totalTokens : 0;
  console.log(
    `Difference: ${savedTokens} tokens (${savedPercent.toFixed(0)}% fewer), $${(badTotals.costUSD - goodTotals.costUSD).toFixed(6)} saved per request`,
  );
  console.log(
    `Per 1,000,000 requests: $${((badTotals.costUSD - goodTotals.costUSD) * 1e6).toFixed(2)} saved`,
  );
} finally {
  await log.close();
  await endpoint.close();
}
