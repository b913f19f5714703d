// The guide's 비동기 처리 section: three questions at once, capped with p-limit so a burst never
// exceeds what the provider (or your rate limit) allows. One agent serves all runs: runs share no state.
import { createAgent } from '@toolloop/core';
import { openai } from '@toolloop/openai';
import { endpointFromEnv } from '@toolloop/simulator';
import { createWeatherTool, offlineWeatherSource } from '@toolloop/tools';
import pLimit from 'p-limit';

const questions = ['서울 날씨 어때?', '부산 날씨 어때?', '도쿄 날씨 어때?'];
const endpoint = await endpointFromEnv({ simulator: { stream: { delayMs: 0 } } });
console.log(endpoint.description);

// A tool that takes a while, like a real weather API, so running in parallel visibly pays.
const source = offlineWeatherSource();
const slowSource = {
  name: 'slow-offline',
  async current(query: Parameters<typeof source.current>[0], options: Parameters<typeof source.current>[1]) {
    await new Promise((resolve) => setTimeout(resolve, 150));
    return source.current(query, options);
  },
};

const agent = createAgent({
  model: openai(endpoint.model, { baseURL: endpoint.baseURL, apiKey: endpoint.apiKey }),
  instructions: '간결하게 답변해주세요.',
  tools: [createWeatherTool({ source: slowSource })],
});

const limit = pLimit(2); // at most two runs in flight
const started = performance.now();
let inFlight = 0;
try {
  const results = await Promise.all(
    questions.map((question) =>
      limit(async () => {
        const begin = performance.now() - started;
        inFlight++;
        console.log(`start  ${question} (in flight: ${inFlight})`);
        const result = await agent.run(question);
        inFlight--;
        console.log(`finish ${question} (in flight: ${inFlight})`);
        const end = performance.now() - started;
        console.log(
          `[${begin.toFixed(0).padStart(4)}–${end.toFixed(0).padStart(4)} ms] ${question} → ${result.text}`,
        );
        return end - begin;
      }),
    ),
  );
  const wall = performance.now() - started;
  const sequential = results.reduce((sum, ms) => sum + ms, 0);
  console.log(
    `${questions.length} questions, concurrency 2: ${wall.toFixed(0)} ms wall time vs ${sequential.toFixed(0)} ms one after another`,
  );
} finally {
  await endpoint.close();
}
