// The guide's 배치 처리 section: three requests with custom_ids, one batch id, its status by id, and
// the results joined on custom_id. By default through the provider's Batch API (provider mode: the
// requests go out as one provider batch at half price, polled until done); BATCH_MODE=local runs
// them as ordinary calls with a concurrency cap. A server without the Batch API (Ollama, vLLM…)
// falls back to local mode. Offline against the built-in simulator (which has a Batch API) by default.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BatchResultLine, type BatchStatus, getBatch, runBatch } from '@toolloop/batch';
import { createAgent, hasErrorCode, type ProviderBatchApi } from '@toolloop/core';
import { openai, openaiBatchApi } from '@toolloop/openai';
import { endpointFromEnv } from '@toolloop/simulator';

const batchRequests = [
  { custom_id: 'req-1', input: '1+1은?' },
  { custom_id: 'req-2', input: '파이썬이란?' },
  { custom_id: 'req-3', input: 'AI의 미래는?' },
];

const endpoint = await endpointFromEnv({ simulator: { stream: { delayMs: 0 } } });
console.log(endpoint.description);
const connection = { baseURL: endpoint.baseURL, apiKey: endpoint.apiKey };
const agent = createAgent({
  model: openai(endpoint.model, connection),
  instructions: '간결하게 답변해주세요.',
  settings: { maxTokens: 128 },
});

const dir = mkdtempSync(join(tmpdir(), 'toolloop-batch-example-'));
const stateDir = join(dir, 'batches');

/** Runs the batch, polling its status by id (any process could) until it is over. */
async function runGuideBatch(provider: ProviderBatchApi | undefined): Promise<BatchStatus> {
  const mode = provider ? 'provider' : 'local';
  const batchId = `batch_${mode}_${Date.now().toString(36)}`;
  const running = runBatch(agent, batchRequests, {
    outputPath: join(dir, `results-${mode}.jsonl`),
    stateDir,
    concurrency: 2,
    id: batchId,
    onProgress: ({ done, total }) => console.log(`진행: ${done}/${total}`),
    // Provider batches take minutes to hours at OpenAI; the simulator's take milliseconds.
    ...(provider ? { provider, poll: { initialMs: endpoint.offline ? 20 : 5_000 } } : {}),
  });
  console.log(`batch id: ${batchId} (${mode} mode)`);

  // 배치 작업 상태 확인
  let status = await getBatch(batchId, { stateDir });
  while (status.status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, endpoint.offline ? 50 : 10_000));
    status = await getBatch(batchId, { stateDir });
  }
  await running;
  return status;
}

try {
  let status: BatchStatus;
  try {
    status = await runGuideBatch(
      process.env.BATCH_MODE === 'local' ? undefined : openaiBatchApi(endpoint.model, connection),
    );
  } catch (error) {
    if (!hasErrorCode(error, 'batch-unsupported')) throw error;
    console.log('This server has no Batch API; running the batch in local mode instead.');
    status = await runGuideBatch(undefined);
  }
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
