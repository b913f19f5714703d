import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProviderBatchApi, ProviderBatchResult } from '@toolloop/core';
import { APICallError, InvalidOptionError } from '@toolloop/core';
import { type Simulator, startSimulator } from '@toolloop/simulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BatchUnsupportedError } from './batch-unsupported-error.js';
import { openaiBatchApi } from './openai-batch-api.js';

const CANARY = 'sk-canary-batch-91c2e7';

let sim: Simulator;
let api: ProviderBatchApi;
beforeAll(async () => {
  sim = await startSimulator({ apiKey: CANARY, batches: { clock: 'manual' } });
  api = openaiBatchApi('gpt-4o-mini', { baseURL: sim.url, apiKey: CANARY });
});
beforeEach(() => {
  sim.reset();
  sim.batches.configure({ shuffle: false, lineFailures: [], unsupported: false });
});
afterAll(() => sim.close());

const ask = (customId: string, text: string) =>
  api.encode({ customId, request: { messages: [{ role: 'user', content: text }] } });

async function collect(batchId: string): Promise<Map<string, ProviderBatchResult>> {
  const results = new Map<string, ProviderBatchResult>();
  for await (const result of api.results(batchId)) results.set(result.customId, result);
  return results;
}

describe('openaiBatchApi over the simulator', () => {
  it('uploads, creates, polls to completion and joins every answer to its custom_id', async () => {
    sim.batches.script({ 'req-1': [{ text: '2입니다.' }], 'req-3': [{ text: '밝습니다.' }] });
    const created = await api.submit({
      lines: [ask('req-1', '1+1은?'), ask('req-2', '파이썬이란?'), ask('req-3', 'AI의 미래는?')],
      metadata: { job: 'guide' },
    });
    expect(created).toMatchObject({ status: 'validating', counts: { total: 0 }, metadata: { job: 'guide' } });
    expect((await api.retrieve(created.id)).status).not.toBe('completed');

    sim.batches.settle();
    const done = await api.retrieve(created.id);
    expect(done).toMatchObject({
      id: created.id,
      status: 'completed',
      counts: { total: 3, completed: 3, failed: 0 },
    });
    expect(done.finishedAtMs).toBeGreaterThanOrEqual(done.createdAtMs ?? 0);

    const results = await collect(created.id);
    expect([...results.keys()].sort()).toEqual(['req-1', 'req-2', 'req-3']);
    const first = results.get('req-1');
    expect(first?.isError === false && first.response).toMatchObject({ text: '2입니다.', source: 'batch' });
    const third = results.get('req-3');
    expect(third?.isError === false && third.response.text).toBe('밝습니다.');
    expect(third?.isError === false && third.response.usage?.inputTokens).toBeGreaterThan(0);
  });

  it('sends each line as the synchronous chat body, tools included', async () => {
    const line = JSON.parse(
      api.encode({
        customId: 'c',
        request: {
          messages: [{ role: 'user', content: '서울 날씨?' }],
          tools: [{ name: 'get_weather', description: 'w', parameters: { type: 'object', properties: {} } }],
        },
      }),
    );
    expect(line).toMatchObject({ custom_id: 'c', method: 'POST', url: '/v1/chat/completions' });
    expect(line.body).toMatchObject({
      model: 'gpt-4o-mini',
      tools: [{ type: 'function', function: { name: 'get_weather' } }],
    });
    expect(line.body.stream).toBeUndefined();
  });

  it('joins shuffled output by custom_id, not by position', async () => {
    sim.batches.configure({ shuffle: true });
    const ids = Array.from({ length: 12 }, (_, i) => `item-${i}`);
    sim.batches.script(Object.fromEntries(ids.map((id) => [id, [{ text: `answer for ${id}` }]])));
    const batch = await api.submit({ lines: ids.map((id) => ask(id, id)) });
    sim.batches.settle();
    const order: string[] = [];
    for await (const result of api.results(batch.id)) {
      order.push(result.customId);
      expect(result.isError === false && result.response.text).toBe(`answer for ${result.customId}`);
    }
    expect(order).not.toEqual(ids);
    expect([...order].sort()).toEqual([...ids].sort());
  });

  it('turns a failed line into an APICallError item and keeps the others', async () => {
    sim.batches.configure({ lineFailures: [{ customId: '^bad$', status: 429 }] });
    const batch = await api.submit({ lines: [ask('good', 'hi'), ask('bad', 'hi')] });
    sim.batches.settle();
    expect(await api.retrieve(batch.id)).toMatchObject({ counts: { completed: 1, failed: 1 } });
    const results = await collect(batch.id);
    expect(results.get('good')?.isError).toBe(false);
    const bad = results.get('bad');
    expect(bad?.isError).toBe(true);
    if (bad?.isError) {
      expect(bad.reason).toBe('failed');
      expect(APICallError.isInstance(bad.error) && bad.error.status).toBe(429);
    }
  });

  it('reports the lines an expired batch never ran as expired items', async () => {
    sim.batches.fault({ type: 'expire', afterLines: 1 });
    const batch = await api.submit({ lines: [ask('a', '1'), ask('b', '2'), ask('c', '3')] });
    sim.batches.settle();
    expect((await api.retrieve(batch.id)).status).toBe('expired');
    const results = [...(await collect(batch.id)).values()];
    expect(results.filter((r) => !r.isError)).toHaveLength(1);
    const expired = results.filter((r) => r.isError && r.reason === 'expired');
    expect(expired).toHaveLength(2);
  });

  it('maps a batch whose input failed validation to status failed with its errors', async () => {
    sim.batches.fault({
      type: 'fail',
      errors: [{ code: 'invalid_json_line', message: 'bad line', line: 2 }],
    });
    const batch = await api.submit({ lines: [ask('a', '1')] });
    sim.batches.settle();
    expect(await api.retrieve(batch.id)).toMatchObject({
      status: 'failed',
      errors: [{ code: 'invalid_json_line', message: 'bad line', line: 2 }],
    });
  });

  it('cancels a running batch; finished lines stay readable', async () => {
    const batch = await api.submit({ lines: [ask('a', '1'), ask('b', '2')] });
    const cancelling = await api.cancel(batch.id);
    expect(['cancelling', 'cancelled']).toContain(cancelling.status);
    sim.batches.settle();
    expect((await api.retrieve(batch.id)).status).toBe('cancelled');
  });

  it('lists every batch newest first across pages', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await api.submit({ lines: [ask(`x${i}`, 'hi')] })).id);
    const listed: string[] = [];
    for await (const batch of api.list({ pageSize: 2 })) listed.push(batch.id);
    expect(listed.slice(0, 5)).toEqual([...ids].reverse());
  });

  it('uploads a JSONL file from disk as given', async () => {
    const path = join(tmpdir(), `toolloop-batch-${process.pid}.jsonl`);
    await writeFile(path, `${ask('f1', 'hi')}\n${ask('f2', 'yo')}\n`);
    const batch = await api.submit({ path });
    sim.batches.settle();
    expect([...(await collect(batch.id)).keys()].sort()).toEqual(['f1', 'f2']);
  });

  it('refuses lines over the limits before anything is sent', async () => {
    const small = openaiBatchApi('gpt-4o-mini', { baseURL: sim.url, apiKey: CANARY, maxRequests: 2 });
    const before = sim.batches.files().length;
    const error = await small
      .submit({ lines: [ask('a', '1'), ask('b', '2'), ask('c', '3')] })
      .catch((e) => e);
    expect(InvalidOptionError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/Split the requests into several batches/);
    expect(sim.batches.files()).toHaveLength(before);
  });

  it('says a server without the Batch API has none and suggests local mode', async () => {
    sim.batches.configure({ unsupported: true });
    const error = await api.submit({ lines: [ask('a', '1')] }).catch((e) => e);
    expect(BatchUnsupportedError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/local mode/);
    expect(error.message).not.toContain(CANARY);
  });

  it('keeps the key out of a rejected call', async () => {
    const wrong = openaiBatchApi('gpt-4o-mini', { baseURL: sim.url, apiKey: `${CANARY}-wrong` });
    const error = await wrong.retrieve('batch_nope').catch((e) => e);
    expect(APICallError.isInstance(error) && error.status).toBe(401);
    expect(JSON.stringify({ m: error.message, s: error.stack, b: error.responseBody })).not.toContain(CANARY);
  });
});
