// The guide's 배치 처리 section: three requests with custom_ids, one batch id, its status by id, and
// the results joined on custom_id. Local mode: runBatch runs the agent over the items with a
// concurrency cap and streams each result to a JSONL file; getBatch(id) reads the status from disk,
// from this process or any other. Offline against the built-in simulator by default.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BatchResultLine, getBatch, runBatch } from '@toolloop/batch';
import { createAgent } from '@toolloop/core';
import { openai } from '@toolloop/openai';
import { endpointFromEnv } from '@toolloop/simulator';

const batchRequests = [
  { custom_id: 'req-1', input: '1+1은?' },
  { custom_id: 'req-2', input: '파이썬이란?' },
  { custom_id: 'req-3', input: 'AI의 미래는?' },
];

const endpoint = await endpointFromEnv({ simulator: { stream: { delayMs: 0 } } });
console.log(endpoint.description);
const agent = createAgent({
  model: openai(endpoint.model, { baseURL: endpoint.baseURL, apiKey: endpoint.apiKey }),
  instructions: '간결하게 답변해주세요.',
  settings: { maxTokens: 128 },
});

const dir = mkdtempSync(join(tmpdir(), 'toolloop-batch-example-'));
const stateDir = join(dir, 'batches');
try {
  const batchId = `batch_${Date.now().toString(36)}`;
  const running = runBatch(agent, batchRequests, {
    outputPath: join(dir, 'results.jsonl'),
    stateDir,
    concurrency: 2,
    id: batchId,
    onProgress: ({ done, total }) => console.log(`진행: ${done}/${total}`),
  });
  console.log(`batch id: ${batchId}`);

  // 배치 작업 상태 확인: poll the status by id (any process can), until the batch is over.
  let status = await getBatch(batchId, { stateDir });
  while (status.status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 50));
    status = await getBatch(batchId, { stateDir });
  }
  await running;
  const { completed, failed, total } = status.counts;
  const cost = status.cost === null ? 'unknown' : `$${status.cost.toFixed(6)}`;
  console.log(
    `status: ${status.status} (${completed} completed, ${failed} failed of ${total}), cost ${cost}`,
  );

  // Results come back in any order: join on custom_id.
  const results = new Map(
    readFileSync(status.outputPath, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as BatchResultLine)
      .map((line) => [line.custom_id, line]),
  );
  for (const { custom_id, input } of batchRequests) {
    const result = results.get(custom_id);
    const answer = result?.status === 'completed' ? result.text : `실패: ${result?.error.message}`;
    console.log(`${custom_id} (${input}) → ${answer.split('\n')[0]}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  await endpoint.close();
}
