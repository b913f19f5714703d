// The guide's 배치 처리 section: send several requests at once, each with a custom_id, get a batch
// id back, check the batch's status by that id, then read the answers by custom_id.
import { setTimeout as sleep } from 'node:timers/promises';
import { openaiBatchApi } from '@toolloop/openai';
import { endpointFromEnv } from '@toolloop/simulator';

const prompts = ['1+1은?', '파이썬이란?', 'AI의 미래는?'];

// Offline, the simulator runs the Batch API on its own clock: each stage takes a few milliseconds.
const endpoint = await endpointFromEnv();
console.error(endpoint.description);
const api = openaiBatchApi(endpoint.model, { baseURL: endpoint.baseURL, apiKey: endpoint.apiKey });

try {
  const lines = prompts.map((prompt, i) =>
    api.encode({ customId: `req-${i + 1}`, request: { messages: [{ role: 'user', content: prompt }] } }),
  );
  const created = await api.submit({ lines });
  console.log(`batch id: ${created.id}`);

  // Poll by id until the batch is final: every 100 ms offline, backing off to 60 s against OpenAI.
  let batch = created;
  let waitMs = 100;
  const final = new Set(['completed', 'failed', 'expired', 'cancelled']);
  while (!final.has(batch.status)) {
    await sleep(waitMs);
    waitMs = Math.min(waitMs * 2, 60_000);
    batch = await api.retrieve(created.id);
    console.log(`status: ${batch.status} (${batch.counts.completed}/${batch.counts.total})`);
  }

  // Output lines come back in any order: join them by custom_id.
  const answers = new Map<string, string>();
  for await (const result of api.results(batch.id)) {
    answers.set(result.customId, result.isError ? `error: ${result.error.message}` : result.response.text);
  }
  for (let i = 1; i <= prompts.length; i++) {
    console.log(`req-${i} (${prompts[i - 1]}): ${answers.get(`req-${i}`) ?? '(no result)'}`);
  }
} finally {
  await endpoint.close();
}
