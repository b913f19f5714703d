import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAgent } from '@toolloop/core';
import { jsonlSink, logging } from '@toolloop/logging';
import { BatchUnsupportedError, openai, openaiBatchApi } from '@toolloop/openai';
import { type Simulator, startSimulator } from '@toolloop/simulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lookupAgent, threeRounds } from '../__fixtures__/lookup-agent.js';
import type { BatchResultLine } from '../batch-types.js';
import { cancelBatch, getBatch } from '../get-batch.js';
import { runBatch } from '../run-batch.js';

const KEY = 'sk-provider-batch-test';
let sim: Simulator;
let dir: string;
beforeAll(async () => {
  // The real clock, with batches that move in a few milliseconds; polled every few milliseconds.
  sim = await startSimulator({ apiKey: KEY });
});
beforeEach(() => {
  sim.reset();
  sim.batches.configure({
    validatingMs: 2,
    lineMs: 0,
    finalizingMs: 2,
    cancellingMs: 2,
    shuffle: true,
    lineFailures: [],
    unsupported: false,
  });
  dir = mkdtempSync(join(tmpdir(), 'toolloop-provider-batch-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));
afterAll(() => sim.close());

const poll = { initialMs: 2, maxMs: 10 };
const api = (options: { maxRequests?: number } = {}) =>
  openaiBatchApi('gpt-4o-mini', { baseURL: sim.url, apiKey: KEY, ...options });
const lines = (path: string): BatchResultLine[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as BatchResultLine);

const executionCounts = (executions: string): Map<string, number> => {
  const counts = new Map<string, number>();
  if (!existsSync(executions)) return counts;
  for (const id of readFileSync(executions, 'utf8').split('\n').filter(Boolean))
    counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
};

describe('runBatch in provider mode, over the simulator’s Batch API', () => {
  it('runs the guide’s three prompts as one provider batch, joined by custom_id, billed at batch rates', async () => {
    const agent = createAgent({ model: openai('gpt-4o-mini', { baseURL: sim.url, apiKey: KEY }) });
    const items = [
      { custom_id: 'req-1', input: '1+1은?' },
      { custom_id: 'req-2', input: '파이썬이란?' },
      { custom_id: 'req-3', input: 'AI의 미래는?' },
    ];
    const outputPath = join(dir, 'out.jsonl');
    const status = await runBatch(agent, items, { outputPath, stateDir: dir, provider: api(), poll });
    expect(status).toMatchObject({
      mode: 'provider',
      status: 'completed',
      round: 1,
      counts: { total: 3, completed: 3 },
    });
    expect(sim.batches.list()).toHaveLength(1);
    const byId = new Map(lines(outputPath).map((line) => [line.custom_id, line]));
    expect([...byId.keys()].sort()).toEqual(['req-1', 'req-2', 'req-3']);
    const first = byId.get('req-1');
    expect(first?.status === 'completed' && first.text).toMatch(/1\+1은\?/);
    // The same answer synchronously costs twice as much: batch lines are billed at half price.
    const sync = await agent.run('1+1은?');
    expect(first?.status === 'completed' && first.usage).toEqual(sync.usage);
    expect(first?.cost).toBeCloseTo((sync.cost ?? 0) / 2, 12);
    expect(await getBatch(status.id, { stateDir: dir })).toMatchObject({
      mode: 'provider',
      round: 1,
      status: 'completed',
    });
  });

  it('runs a tool-using agent in three rounds: tools run locally between rounds, each exactly once', async () => {
    const executions = join(dir, 'executions.log');
    const items = Array.from({ length: 5 }, (_, i) => ({
      custom_id: `item-${i + 1}`,
      input: `item ${i + 1}`,
    }));
    sim.batches.script(
      Object.fromEntries(items.map((item) => [item.custom_id, [threeRounds, threeRounds, threeRounds]])),
    );
    const outputPath = join(dir, 'out.jsonl');
    const status = await runBatch(lookupAgent(sim.url, KEY, executions), items, {
      outputPath,
      stateDir: dir,
      provider: api(),
      poll,
    });
    expect(status).toMatchObject({ status: 'completed', round: 3, counts: { completed: 5, failed: 0 } });
    expect(sim.batches.list()).toHaveLength(3);
    for (const line of lines(outputPath)) {
      expect(line).toMatchObject({
        status: 'completed',
        text: `done: item ${line.custom_id.slice(5)}`,
        stopReason: 'stop',
      });
    }
    const counts = executionCounts(executions);
    expect(counts.size).toBe(10);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it('logs every model and tool call of an item with its batchId and customId, billed at batch rates', async () => {
    const executions = join(dir, 'executions.log');
    const logPath = join(dir, 'calls.jsonl');
    const items = [1, 2].map((i) => ({ custom_id: `item-${i}`, input: `item ${i}` }));
    sim.batches.script(
      Object.fromEntries(items.map((item) => [item.custom_id, [threeRounds, threeRounds, threeRounds]])),
    );
    const log = logging({ sink: jsonlSink({ path: logPath }) });
    const tools = lookupAgent(sim.url, KEY, executions).tools;
    const agent = createAgent({
      model: openai('gpt-4o-mini', { baseURL: sim.url, apiKey: KEY }),
      tools,
      middleware: [log],
    });
    const status = await runBatch(agent, items, {
      outputPath: join(dir, 'out.jsonl'),
      stateDir: dir,
      provider: api(),
      poll,
    });
    await log.close();
    const records = readFileSync(logPath, 'utf8')
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as { type: string; batchId?: string; customId?: string; costUSD?: number | null },
      );
    // Per item: three model calls (one per round) and two tool calls.
    for (const item of items) {
      const mine = records.filter((r) => r.customId === item.custom_id);
      expect(mine.filter((r) => r.type === 'model-call')).toHaveLength(3);
      expect(mine.filter((r) => r.type === 'tool-call')).toHaveLength(2);
    }
    expect(records.every((r) => r.batchId === status.id)).toBe(true);
    const logged = records
      .filter((r) => r.type === 'model-call')
      .reduce((sum, r) => sum + (r.costUSD ?? 0), 0);
    expect(logged).toBeCloseTo(status.cost ?? Number.NaN, 12);
  });

  it('splits a round over the provider’s request limit into several provider batches', async () => {
    const agent = createAgent({ model: openai('gpt-4o-mini', { baseURL: sim.url, apiKey: KEY }) });
    const items = Array.from({ length: 7 }, (_, i) => ({ custom_id: `s-${i}`, input: `질문 ${i}` }));
    const outputPath = join(dir, 'out.jsonl');
    const status = await runBatch(agent, items, {
      outputPath,
      stateDir: dir,
      provider: api({ maxRequests: 3 }),
      poll,
    });
    expect(status).toMatchObject({ status: 'completed', round: 1, counts: { completed: 7 } });
    expect(
      sim.batches
        .list()
        .map((b) => (b.request_counts as { total: number }).total)
        .sort(),
    ).toEqual([1, 3, 3]);
    expect(new Set(lines(outputPath).map((l) => l.custom_id)).size).toBe(7);
  });

  it('keeps the answered lines of an expired batch and reports the rest as expired items', async () => {
    sim.batches.configure({ lineMs: 5, shuffle: false });
    sim.batches.fault({ type: 'expire', afterLines: 2 });
    const agent = createAgent({ model: openai('gpt-4o-mini', { baseURL: sim.url, apiKey: KEY }) });
    const items = Array.from({ length: 5 }, (_, i) => ({ custom_id: `e-${i}`, input: `질문 ${i}` }));
    const outputPath = join(dir, 'out.jsonl');
    const status = await runBatch(agent, items, { outputPath, stateDir: dir, provider: api(), poll });
    expect(status).toMatchObject({ status: 'completed', counts: { completed: 2, failed: 3 } });
    const failed = lines(outputPath).filter((l) => l.status === 'failed');
    expect(failed).toHaveLength(3);
    for (const line of failed)
      expect(line.status === 'failed' && line.error).toMatchObject({ code: 'batch-item', reason: 'expired' });
  });

  it('fails every item of a batch the provider refused, naming its errors', async () => {
    sim.batches.fault({
      type: 'fail',
      errors: [{ code: 'invalid_request', message: 'bad model in line 1', line: 1 }],
    });
    const agent = createAgent({ model: openai('gpt-4o-mini', { baseURL: sim.url, apiKey: KEY }) });
    const outputPath = join(dir, 'out.jsonl');
    const status = await runBatch(
      agent,
      [
        { custom_id: 'f-1', input: 'x' },
        { custom_id: 'f-2', input: 'y' },
      ],
      {
        outputPath,
        stateDir: dir,
        provider: api(),
        poll,
      },
    );
    expect(status.counts).toMatchObject({ completed: 0, failed: 2 });
    const [line] = lines(outputPath);
    expect(line?.status === 'failed' && line.error).toMatchObject({ reason: 'batch-failed' });
    expect(line?.status === 'failed' && line.error.message).toMatch(/invalid_request: bad model in line 1/);
  });

  it('turns a per-line error into that item’s failure; the others complete', async () => {
    sim.batches.configure({ lineFailures: [{ customId: '^p-2$', status: 400 }] });
    const agent = createAgent({ model: openai('gpt-4o-mini', { baseURL: sim.url, apiKey: KEY }) });
    const outputPath = join(dir, 'out.jsonl');
    const items = ['p-1', 'p-2', 'p-3'].map((id) => ({ custom_id: id, input: id }));
    const status = await runBatch(agent, items, { outputPath, stateDir: dir, provider: api(), poll });
    expect(status.counts).toMatchObject({ completed: 2, failed: 1 });
    const failed = lines(outputPath).find((l) => l.custom_id === 'p-2');
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'api-call' } });
  });

  it('cancels: cancelBatch(id, { provider }) cancels the waiting provider batch and stops the run', async () => {
    sim.batches.configure({ validatingMs: 60_000 });
    const agent = createAgent({ model: openai('gpt-4o-mini', { baseURL: sim.url, apiKey: KEY }) });
    const outputPath = join(dir, 'out.jsonl');
    const provider = api();
    const running = runBatch(agent, [{ custom_id: 'c-1', input: 'x' }], {
      outputPath,
      stateDir: dir,
      provider,
      poll,
      id: 'batch_cancel',
    });
    // Once the round is checkpointed (its provider batch id saved), cancel from "another process".
    while (!existsSync(`${outputPath}.provider.json`)) await new Promise((resolve) => setTimeout(resolve, 5));
    await cancelBatch('batch_cancel', { stateDir: dir, provider });
    const status = await running;
    expect(status.status).toBe('cancelled');
    expect(sim.batches.list()[0]?.status).toMatch(/^cancell(ing|ed)$/);
    expect(existsSync(outputPath) ? lines(outputPath) : []).toHaveLength(0);

    // The resume sends what the cancelled batch left unanswered again: the item completes.
    sim.batches.configure({ validatingMs: 2 });
    const resumed = await runBatch(agent, [{ custom_id: 'c-1', input: 'x' }], {
      outputPath,
      stateDir: dir,
      provider,
      poll,
      resume: true,
    });
    expect(resumed.counts).toMatchObject({ total: 1, completed: 1, failed: 0 });
    expect(lines(outputPath)).toMatchObject([{ custom_id: 'c-1', status: 'completed' }]);
    expect(sim.batches.list()).toHaveLength(2);
    // Cancelling a finished batch leaves it (and its finished provider batches) as they are.
    await expect(cancelBatch('batch_cancel', { stateDir: dir, provider })).resolves.toMatchObject({
      status: 'completed',
    });
  });

  it('waits out a rate limit on the submit: the batch completes', async () => {
    sim.batches.apiFault({ status: 429 }, { status: 429, headers: { 'retry-after-ms': '1' } });
    const agent = createAgent({ model: openai('gpt-4o-mini', { baseURL: sim.url, apiKey: KEY }) });
    const outputPath = join(dir, 'out.jsonl');
    const status = await runBatch(agent, [{ custom_id: 'f-1', input: 'x' }], {
      outputPath,
      stateDir: dir,
      provider: api(),
      poll,
    });
    expect(status.counts).toMatchObject({ total: 1, completed: 1 });
    expect(sim.batches.list()).toHaveLength(1);
  });

  it('refuses a server without the Batch API, suggesting local mode, and writes no result', async () => {
    sim.batches.configure({ unsupported: true });
    const agent = createAgent({ model: openai('gpt-4o-mini', { baseURL: sim.url, apiKey: KEY }) });
    const outputPath = join(dir, 'out.jsonl');
    const error = await runBatch(agent, [{ custom_id: 'u-1', input: 'x' }], {
      outputPath,
      stateDir: dir,
      provider: api(),
      poll,
    }).catch((e: unknown) => e);
    expect(BatchUnsupportedError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/local mode/);
    expect(existsSync(outputPath) ? lines(outputPath) : []).toHaveLength(0);
  });

  it('local mode over the same simulator: the same items and result lines, one chat call each', async () => {
    const agent = createAgent({ model: openai('gpt-4o-mini', { baseURL: sim.url, apiKey: KEY }) });
    const outputPath = join(dir, 'out.jsonl');
    const items = ['l-1', 'l-2', 'l-3'].map((id) => ({ custom_id: id, input: `질문 ${id}` }));
    const status = await runBatch(agent, items, { outputPath, stateDir: dir, concurrency: 2 });
    expect(status).toMatchObject({ mode: 'local', status: 'completed', counts: { completed: 3 } });
    expect(sim.batches.list()).toHaveLength(0);
    expect(sim.requests.filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(3);
  });
});

describe('a provider-mode batch killed mid-round', () => {
  it('resumes by polling the saved provider batch: every custom_id once, no tool runs twice', async () => {
    // A manual batch clock: provider batches move only when the test says, so the kill lands in round 2.
    const manual = await startSimulator({ apiKey: KEY, batches: { clock: 'manual', shuffle: true } });
    try {
      const count = 4;
      manual.batches.script(
        Object.fromEntries(
          Array.from({ length: count }, (_, i) => [`item-${i + 1}`, [threeRounds, threeRounds, threeRounds]]),
        ),
      );
      const outputPath = join(dir, 'out.jsonl');
      const executions = join(dir, 'executions.log');
      const child = spawn(
        process.execPath,
        [
          '--conditions=@toolloop/source',
          '--import',
          'tsx',
          fileURLToPath(new URL('../__fixtures__/provider-batch-child.ts', import.meta.url)),
          manual.url,
          KEY,
          outputPath,
          dir,
          executions,
          String(count),
        ],
        { stdio: 'ignore' },
      );
      const exited = new Promise((resolve) => child.on('exit', resolve));
      const checkpoint = `${outputPath}.provider.json`;
      const roundsSaved = (): number =>
        existsSync(checkpoint)
          ? (JSON.parse(readFileSync(checkpoint, 'utf8')) as { round: number }).round
          : 0;
      // Round 1 is answered; the child runs the tools and submits round 2; then it dies.
      while (roundsSaved() < 1) {
        if (child.exitCode !== null) throw new Error('the batch child exited before round 1');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      manual.batches.settle();
      while (roundsSaved() < 2) {
        if (child.exitCode !== null) throw new Error('the batch child exited before round 2');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      child.kill('SIGKILL');
      await exited;
      expect(executionCounts(executions).size).toBe(count);
      expect(manual.batches.list()).toHaveLength(2);

      const driver = setInterval(() => manual.batches.settle(), 5);
      try {
        const items = Array.from({ length: count }, (_, i) => ({
          custom_id: `item-${i + 1}`,
          input: `item ${i + 1}`,
        }));
        const status = await runBatch(lookupAgent(manual.url, KEY, executions), items, {
          outputPath,
          stateDir: dir,
          resume: true,
          provider: openaiBatchApi('gpt-4o-mini', { baseURL: manual.url, apiKey: KEY }),
          poll,
        });
        expect(status).toMatchObject({
          id: 'batch_provider_crash',
          status: 'completed',
          round: 3,
          counts: { completed: count },
        });
      } finally {
        clearInterval(driver);
      }
      // Round 2 was polled, not sent again: three provider batches in all.
      expect(manual.batches.list()).toHaveLength(3);
      const ids = lines(outputPath).map((line) => line.custom_id);
      expect(ids.sort()).toEqual(Array.from({ length: count }, (_, i) => `item-${i + 1}`).sort());
      const counts = executionCounts(executions);
      expect(counts.size).toBe(2 * count);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
    } finally {
      await manual.close();
    }
  }, 60_000);
});
