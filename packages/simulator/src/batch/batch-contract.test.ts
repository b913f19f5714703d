import OpenAI, { toFile } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../server/start-simulator.js';
import { weatherTool } from '../test-utils.js';
import type { Simulator } from '../types.js';

// The official SDK must upload to, and parse, everything the simulated Batch API does: if these
// break, our multipart parsing or our shapes drifted from OpenAI's.
describe('contract: openai npm SDK v6 against the Files and Batches API', () => {
  let sim: Simulator;
  let client: OpenAI;
  beforeAll(async () => {
    sim = await startSimulator({ apiKey: 'sk-test', batches: { clock: 'manual' } });
    client = new OpenAI({ baseURL: sim.url, apiKey: 'sk-test', maxRetries: 0 });
  });
  beforeEach(() => sim.reset());
  afterAll(() => sim.close());

  // The guide's three prompts, and one that calls a tool.
  const prompts = ['1+1은?', '파이썬이란?', 'AI의 미래는?', '서울 날씨 어때?'];
  const jsonl = (ids: string[]) =>
    ids
      .map((id, i) =>
        JSON.stringify({
          custom_id: id,
          method: 'POST',
          url: '/v1/chat/completions',
          body: {
            model: 'gpt-4o-mini',
            messages: [{ role: 'user', content: prompts[i % prompts.length] }],
            ...(i === 3 ? { tools: [weatherTool] } : {}),
          },
        }),
      )
      .join('\n');

  async function createBatch(ids: string[]): Promise<OpenAI.Batch> {
    const file = await client.files.create({
      file: await toFile(Buffer.from(jsonl(ids)), 'requests.jsonl'),
      purpose: 'batch',
    });
    return client.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
      metadata: { source: 'contract' },
    });
  }

  it('files.create, batches.create/retrieve, files.content: answers joined by custom_id', async () => {
    const file = await client.files.create({
      file: await toFile(Buffer.from(jsonl(['req-1', 'req-2', 'req-3', 'weather'])), 'requests.jsonl'),
      purpose: 'batch',
    });
    expect(file).toMatchObject({ object: 'file', purpose: 'batch', filename: 'requests.jsonl' });
    expect(file.bytes).toBe(Buffer.byteLength(jsonl(['req-1', 'req-2', 'req-3', 'weather'])));
    expect((await client.files.retrieve(file.id)).id).toBe(file.id);

    const batch = await client.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });
    expect(batch.status).toBe('validating');
    sim.batches.settle();
    const done = await client.batches.retrieve(batch.id);
    expect(done.status).toBe('completed');
    expect(done.request_counts).toEqual({ total: 4, completed: 4, failed: 0 });

    const content = await client.files.content(done.output_file_id!);
    const lines = (await content.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { custom_id: string; response: { body: OpenAI.ChatCompletion } });
    const byId = new Map(lines.map((line) => [line.custom_id, line.response.body]));
    expect(byId.get('weather')?.choices[0]?.finish_reason).toBe('tool_calls');
    expect(byId.get('weather')?.choices[0]?.message.tool_calls?.[0]).toMatchObject({
      type: 'function',
      function: { name: 'get_weather', arguments: '{"city":"서울"}' },
    });
    expect(byId.get('req-1')?.choices[0]?.message.content).toContain('1+1은?');
    expect(byId.get('req-2')?.choices[0]?.message.content).toContain('파이썬이란?');
    expect(byId.get('req-3')?.choices[0]?.message.content).toContain('AI의 미래는?');

    expect((await client.files.delete(file.id)).deleted).toBe(true);
  });

  it('batches.list iterates every page; batches.cancel moves to cancelling then cancelled', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await createBatch([`a-${i}`])).id);
    const listed: string[] = [];
    for await (const batch of client.batches.list({ limit: 2 })) listed.push(batch.id);
    expect(listed).toEqual([...ids].reverse());
    const page = await client.batches.list({ limit: 2 });
    expect(page.has_more).toBe(true);
    expect(page.data).toHaveLength(2);

    const cancelling = await client.batches.cancel(ids[0]!);
    expect(cancelling.status).toBe('cancelling');
    expect(cancelling.metadata).toEqual({ source: 'contract' });
    sim.batches.settle();
    expect((await client.batches.retrieve(ids[0]!)).status).toBe('cancelled');
  });

  it('surfaces the simulator’s errors as the SDK’s typed errors', async () => {
    const tooBig = client.files.create({
      file: await toFile(Buffer.from('{"custom_id":'), 'bad.jsonl'),
      purpose: 'batch',
    });
    await expect(tooBig).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await expect(client.batches.retrieve('batch_nope')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });
});
