// The guide's 스트리밍 응답 section: print the answer as it arrives.
import { createAgent } from '@toolloop/core';
import { openai } from '@toolloop/openai';
import { endpointFromEnv } from '@toolloop/simulator';

const prompt = process.argv.slice(2).join(' ') || '긴 이야기를 들려주세요';
// Offline, the simulator streams its story in small deltas, 5 ms apart, like a real model.
const endpoint = await endpointFromEnv({ simulator: { stream: { chunkChars: 6, delayMs: 5 } } });
console.error(endpoint.description);

const agent = createAgent({
  model: openai(endpoint.model, { baseURL: endpoint.baseURL, apiKey: endpoint.apiKey }),
  // A ~1,500-character Korean story is ~1,100 tokens (Korean runs ~0.7 tokens a syllable).
  settings: { maxTokens: 2000 },
});

const controller = new AbortController();
process.once('SIGINT', () => controller.abort()); // Ctrl-C ends the stream and closes the socket

try {
  let deltas = 0;
  let firstDeltaMs: number | undefined;
  const started = performance.now();
  for await (const event of agent.stream(prompt, { signal: controller.signal })) {
    if (event.type === 'text-delta') {
      firstDeltaMs ??= performance.now() - started;
      deltas++;
      process.stdout.write(event.delta);
    } else if (event.type === 'run-finish') {
      process.stdout.write('\n');
      console.error(
        `(${deltas} deltas, first after ${firstDeltaMs?.toFixed(0)} ms, ${event.usage.outputTokens} output tokens, stop: ${event.result.stopReason})`,
      );
    }
  }
} finally {
  await endpoint.close();
}
