// The guide's 토큰 최적화 section: the same question asked the good way (a short prompt, a system
// message asking for brevity, maxTokens 100) and the bad way (a long, chatty prompt, no system
// message, no maxTokens) — plus the bad prompt with only a system message, and with a tight
// maxTokens, to show what each lever changes. For every variant it prints the input tokens
// COUNTED before sending (core's countTokens, exact for OpenAI models), the usage the server
// REPORTED (recorded by the logging middleware), and the cost priced as gpt-4o-mini.
// Offline (no OPENAI_API_KEY / OPENAI_BASE_URL) it talks to the built-in simulator on 127.0.0.1,
// which reports real token counts too.
import type { Message, ModelSettings } from '@toolloop/core';
import { computeCost, countTokens, createAgent, encodingForModel } from '@toolloop/core';
import { consoleSink, type LogRecord, logging, type ModelCallRecord } from '@toolloop/logging';
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
const badPrompt =
  '안녕하세요! 저는 AI에 대해 궁금한 것이 있어서요. AI가 정확히 무엇인지 자세하고 길게 설명해주실 수 있나요?';
const bad: Message[] = [{ role: 'user', content: badPrompt }];

interface Variant {
  name: string;
  messages: Message[];
  settings?: ModelSettings;
}
const variants: Variant[] = [
  { name: '좋은 예 (good)', messages: good, settings: { maxTokens: 100 } },
  { name: '나쁜 예 (bad) ', messages: bad },
  { name: '나쁜 예 + system message', messages: [good[0] as Message, ...bad] },
  { name: '나쁜 예 + maxTokens 20', messages: bad, settings: { maxTokens: 20 } },
];

interface Totals {
  countedInputTokens: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  costUSD: number;
  stopReason: string;
}

/** Tokens and cost of one run, from the records the logging middleware wrote for it. */
function recorded(runId: string): Omit<Totals, 'countedInputTokens' | 'stopReason'> {
  const calls = records.filter((r): r is ModelCallRecord => r.type === 'model-call' && r.runId === runId);
  const totals = { inputTokens: 0, outputTokens: 0, totalTokens: 0, costUSD: 0 };
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
  const results = new Map<string, Totals>();
  for (const variant of variants) {
    // Counted before sending: the prompt as the API will count it (the first count loads the tokenizer).
    const countedInputTokens = await countTokens(variant.messages, { model: endpoint.model });
    const agent = createAgent({
      model,
      middleware: [log],
      ...(variant.settings ? { settings: variant.settings } : {}),
    });
    const run = await agent.run(variant.messages);
    console.log(`${variant.name} → ${run.text}`);
    await log.flush();
    results.set(variant.name, { countedInputTokens, stopReason: run.stopReason, ...recorded(run.runId) });
  }

  const how = encodingForModel(endpoint.model) ? `exact, ${encodingForModel(endpoint.model)}` : 'approximate';
  console.log('');
  for (const [name, t] of results) {
    console.log(`${name}: counted before sending ${t.countedInputTokens} input tokens (${how})`);
    const stop = t.stopReason === 'length' ? ' — stopped at maxTokens (stopReason: length)' : '';
    console.log(
      `${name}: input ${t.inputTokens}, output ${t.outputTokens}, total ${t.totalTokens} tokens, $${t.costUSD.toFixed(6)} (gpt-4o-mini)${stop}`,
    );
  }
  const goodTotals = results.get('좋은 예 (good)') as Totals;
  const badTotals = results.get('나쁜 예 (bad) ') as Totals;
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
