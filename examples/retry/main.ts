// The guide's 오류 처리 section, the toolloop way: retries with full-jitter backoff that honour
// retry-after, never retry what cannot succeed, and never run a tool twice.
// Offline (no OPENAI_API_KEY / OPENAI_BASE_URL) the built-in simulator first answers 429, then 500.
import { APICallError, createAgent, type Middleware } from '@toolloop/core';
import { openai } from '@toolloop/openai';
import { RetryError, type RetryEvent, rateLimit, retry } from '@toolloop/retry';
import { endpointFromEnv, startSimulator } from '@toolloop/simulator';
import { createWeatherTool, offlineWeatherSource } from '@toolloop/tools';

const endpoint = await endpointFromEnv({
  simulator: {
    faults: [
      // The first model call meets a rate limit that says when to come back, then a server error.
      { type: 'status', status: 429, headers: { 'retry-after-ms': '300' } },
      { type: 'status', status: 500 },
    ],
  },
});
console.log(endpoint.description);

const maxRetries = 3;

function describeError(error: unknown): string {
  if (APICallError.isInstance(error)) return error.status === undefined ? '연결 오류' : String(error.status);
  return error instanceof Error ? error.name : String(error);
}

function printRetry({ attempt, delayMs, delaySource, error }: RetryEvent): void {
  const why = delaySource === 'retry-after' ? '서버의 retry-after' : '지수 백오프 + 지터';
  console.log(
    `재시도 ${attempt}/${maxRetries}: ${describeError(error)} — ${delayMs}ms 후 다시 시도 (${why})`,
  );
}

// Outermost, like a logger: reads what retry left in the call's metadata.
const report: Middleware = {
  name: 'report',
  async generate(request, next, context) {
    const response = await next(request);
    console.log(`  모델 호출 ${context.step}단계 완료 (재시도 ${context.metadata.retries ?? 0}번)`);
    return response;
  },
};

const executions = new Map<string, number>();
const weather = createWeatherTool({ source: offlineWeatherSource() });
// The same tool, counting its executions per tool call id: retries must never repeat one.
const countedWeather: typeof weather = {
  ...weather,
  execute(input, context) {
    executions.set(context.toolCallId, (executions.get(context.toolCallId) ?? 0) + 1);
    return weather.execute(input, context);
  },
};

const agent = createAgent({
  model: openai(endpoint.model, { baseURL: endpoint.baseURL, apiKey: endpoint.apiKey }),
  instructions: '간결하게 답변해주세요.',
  tools: [countedWeather],
  // retry outside rateLimit: every attempt, retries included, waits its turn in the limiter.
  middleware: [
    report,
    retry({ maxRetries, timeoutMs: 30_000, totalTimeoutMs: 120_000, onRetry: printRetry }),
    rateLimit({ requestsPerMinute: 60, concurrency: 4 }),
  ],
  settings: { maxTokens: 256, temperature: 0 },
});

try {
  const result = await agent.run('서울 날씨 어때?');
  console.log(`답변: ${result.text}`);
  const counts = [...executions.values()];
  console.log(
    `도구 실행: ${counts.length}건, 호출마다 ${counts.every((count) => count === 1) ? '정확히 한 번' : '중복 있음!'}`,
  );

  if (endpoint.offline) {
    // A server asking for an hour-long pause: fail fast with a clear error instead of sleeping.
    const busy = await startSimulator({
      faults: [{ type: 'status', status: 429, headers: { 'retry-after': '3600' } }],
    });
    try {
      await createAgent({
        model: openai(endpoint.model, { baseURL: busy.url }),
        middleware: [retry({ maxRetries })],
      }).run('안녕');
    } catch (error) {
      if (!RetryError.isInstance(error)) throw error;
      console.log(`포기 (${error.reason}): ${error.message.split(';')[0]}`);
    } finally {
      await busy.close();
    }
  }
} finally {
  await endpoint.close();
}
