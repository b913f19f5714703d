import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { AbortError, createAgent } from '@toolloop/core';
import { openai } from '@toolloop/openai';
import { type Simulator, startSimulator } from '@toolloop/simulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BatchInputError } from '../batch-error.js';
import { readBatchInput } from '../input/read-batch-input.js';
import { getBatch } from '../state/state-store.js';
import { echoTurn, itemsOf } from '../test-support/items.js';
import { type BatchProgress, runBatch } from './run-batch.js';

let sim: Simulator;
let dir: string;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.close());
beforeEach(async () => {
  sim.reset();
  dir = await mkdtemp(join(tmpdir(), 'toolloop-batch-test-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const agentFor = () => createAgent({ model: openai('gpt-4o-mini', { baseURL: sim.url, apiKey: 'sk-test' }) });

async function outputLines(path: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(path, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
}

function expectEachOnce(lines: Record<string, unknown>[], count: number): void {
  const ids = lines.map((line) => line.custom_id as string);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.sort()).toEqual(
    itemsOf(count)
      .map((item) => item.custom_id)
      .sort(),
  );
}

describe('runBatch (local mode) over the simulator', () => {
  it('runs every item, writes one result line per custom_id and reports status by id', async () => {
    sim.script(...Array.from({ length: 6 }, () => echoTurn()));
    const outputPath = join(dir, 'out.jsonl');
    const seen: BatchProgress[] = [];
    const info = await runBatch(agentFor(), itemsOf(6), {
      outputPath,
      stateDir: dir,
      concurrency: 3,
      onProgress: (p) => seen.push({ ...p }),
    });
    const lines = await outputLines(outputPath);
    expectEachOnce(lines, 6);
    for (const line of lines) {
      expect(line).toMatchObject({ status: 'completed', text: `echo: prompt ${line.custom_id}` });
    }
    expect(info).toMatchObject({
      mode: 'local',
      status: 'completed',
      round: 1,
      counts: { total: 6, completed: 6, failed: 0, running: 0 },
    });
    expect(info.usage.totalTokens).toBeGreaterThan(0);
    expect(await getBatch(info.id, { stateDir: dir })).toEqual(info);
    const last = seen.at(-1);
    expect(last).toMatchObject({ done: 6, failed: 0, running: 0, etaMs: 0 });
    expect(Math.max(...seen.map((p) => p.running))).toBeLessThanOrEqual(3);
  });

  it('keeps the concurrency cap while items overlap', async () => {
    sim.script(...Array.from({ length: 8 }, () => echoTurn(20)));
    let peak = 0;
    await runBatch(agentFor(), itemsOf(8), {
      outputPath: join(dir, 'out.jsonl'),
      stateDir: dir,
      concurrency: 2,
      onProgress: (p) => {
        peak = Math.max(peak, p.running);
      },
    });
    expect(peak).toBe(2);
  });

  it('isolates a failing item: it becomes a failed line and the others complete', async () => {
    sim.script(...Array.from({ length: 3 }, () => echoTurn()));
    const items = [...itemsOf(2), { custom_id: 'bad', input: 'please fail' }];
    const outputPath = join(dir, 'out.jsonl');
    const info = await runBatch(agentFor(), items, { outputPath, stateDir: dir, concurrency: 1 });
    const lines = await outputLines(outputPath);
    expect(lines.find((l) => l.custom_id === 'bad')).toMatchObject({
      status: 'failed',
      error: { code: 'api-call' },
    });
    expect(lines.filter((l) => l.status === 'completed')).toHaveLength(2);
    expect(info.counts).toEqual({ total: 3, completed: 2, failed: 1, running: 0 });
  });

  it('stops on abort with only whole lines written, then resumes the rest exactly once', async () => {
    sim.script(...Array.from({ length: 30 }, () => echoTurn(5)));
    const outputPath = join(dir, 'out.jsonl');
    const controller = new AbortController();
    const stopped = await runBatch(agentFor(), itemsOf(10), {
      outputPath,
      stateDir: dir,
      concurrency: 2,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done === 3) controller.abort();
      },
    }).catch((e) => e);
    expect(AbortError.isInstance(stopped)).toBe(true);
    expect(stopped.message).toMatch(/resume: true/);
    const partial = await outputLines(outputPath);
    expect(partial.length).toBeGreaterThanOrEqual(3);
    expect(partial.length).toBeLessThan(10);
    const id = (await readdirIds(dir))[0] as string;
    expect((await getBatch(id, { stateDir: dir })).status).toBe('cancelled');

    const info = await runBatch(agentFor(), itemsOf(10), { outputPath, stateDir: dir, resume: true });
    expectEachOnce(await outputLines(outputPath), 10);
    expect(info).toMatchObject({ status: 'completed', counts: { completed: 10 } });
  });

  it('resumes after the batch process is killed with kill -9: every custom_id completes exactly once', async () => {
    sim.script(...Array.from({ length: 60 }, () => echoTurn(10)));
    const outputPath = join(dir, 'out.jsonl');
    const child = spawn(
      process.execPath,
      [
        '--conditions=@toolloop/source',
        '--import',
        'tsx',
        fileURLToPath(new URL('../test-support/child-batch.ts', import.meta.url)),
        sim.url,
        outputPath,
        dir,
        '20',
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    for await (const line of createInterface({ input: child.stdout })) {
      if (line === 'done 5') {
        child.kill('SIGKILL');
        break;
      }
      expect(line).not.toBe('finished');
    }
    expect(await exited).toBe('SIGKILL');
    const before = await outputLines(outputPath);
    expect(before.length).toBeGreaterThanOrEqual(5);
    expect(before.length).toBeLessThan(20);

    const info = await runBatch(agentFor(), itemsOf(20), { outputPath, stateDir: dir, resume: true });
    expectEachOnce(await outputLines(outputPath), 20);
    expect(info.counts).toMatchObject({ total: 20, completed: 20, failed: 0 });
  });

  it('cuts a torn last line (a death mid-write) and runs that item again', async () => {
    sim.script(...Array.from({ length: 3 }, () => echoTurn()));
    const outputPath = join(dir, 'out.jsonl');
    await writeFile(
      outputPath,
      '{"custom_id":"item-0","status":"completed","text":"x"}\n{"custom_id":"item-1","sta',
    );
    await runBatch(agentFor(), itemsOf(3), { outputPath, stateDir: dir, resume: true });
    const lines = await outputLines(outputPath);
    expectEachOnce(lines, 3);
    expect(lines[0]).toMatchObject({ custom_id: 'item-0', text: 'x' });
  });
});

async function readdirIds(stateDir: string): Promise<string[]> {
  const { readdir } = await import('node:fs/promises');
  return (await readdir(stateDir))
    .filter((name) => name.startsWith('batch_local_'))
    .map((name) => name.slice(0, -5));
}

describe('bad input: named, with the fix, and nothing sent', () => {
  const expectRefused = async (run: Promise<unknown>, pattern: RegExp) => {
    const error = (await run.catch((e: unknown) => e)) as Error;
    expect(BatchInputError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(pattern);
    expect(sim.stats().requests).toBe(0);
  };

  it('lists every duplicate custom_id', async () => {
    const items = [
      { custom_id: 'a', input: '1' },
      { custom_id: 'b', input: '2' },
      { custom_id: 'a', input: '3' },
      { custom_id: 'b', input: '4' },
    ];
    await expectRefused(
      runBatch(agentFor(), items, { outputPath: join(dir, 'o.jsonl'), stateDir: dir }),
      /Duplicate custom_ids: "a" \(item 1, item 3\); "b" \(item 2, item 4\)/,
    );
  });

  it('names a missing or non-string custom_id', async () => {
    await expectRefused(
      runBatch(agentFor(), [{ input: 'x' } as never], { outputPath: join(dir, 'o.jsonl'), stateDir: dir }),
      /item 1 has no custom_id/,
    );
    await expectRefused(
      runBatch(agentFor(), [{ custom_id: 7, input: 'x' } as never], {
        outputPath: join(dir, 'o.jsonl'),
        stateDir: dir,
      }),
      /item 1 has a non-string custom_id/,
    );
  });

  it('names a malformed JSONL line by its number, and an empty file', async () => {
    const path = join(dir, 'in.jsonl');
    await writeFile(path, '{"custom_id":"a","input":"x"}\n\n{"custom_id": oops}\n');
    await expectRefused(readBatchInput(path), /line 3 is not valid JSON/);
    await writeFile(path, '\n\n');
    await expectRefused(readBatchInput(path), /is empty/);
    await writeFile(path, '{"custom_id":"a","input":"x"}\n{"custom_id":"a","input":"y"}\n');
    await expectRefused(readBatchInput(path), /"a" \(.*line 1, .*line 2\)/);
  });

  it('refuses an existing output without resume', async () => {
    const outputPath = join(dir, 'o.jsonl');
    await writeFile(outputPath, 'precious results\n');
    await expectRefused(
      runBatch(agentFor(), itemsOf(1), { outputPath, stateDir: dir }),
      /already exists; refusing to overwrite.*resume/,
    );
    expect(await readFile(outputPath, 'utf8')).toBe('precious results\n');
  });

  it('refuses to resume a checkpoint made from a different input', async () => {
    sim.script(echoTurn());
    const outputPath = join(dir, 'o.jsonl');
    await runBatch(agentFor(), itemsOf(1), { outputPath, stateDir: dir });
    sim.reset();
    await expectRefused(
      runBatch(agentFor(), itemsOf(2), { outputPath, stateDir: dir, resume: true }),
      /different input.*original input/,
    );
  });
});
