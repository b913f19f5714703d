import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AbortError,
  type Agent,
  APICallError,
  createAgent,
  type ModelRequest,
  type Tool,
} from '@toolloop/core';
import { scriptedModel } from '@toolloop/core/test';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { crashAgent, crashItems } from './__fixtures__/crash-agent.js';
import { fullDiskItems, fullDiskModel } from './__fixtures__/full-disk-agent.js';
import type { BatchProgress, BatchResultLine } from './batch-types.js';
import { cancelBatch, getBatch } from './get-batch.js';
import { readBatchInput } from './read-batch-input.js';
import { runBatch } from './run-batch.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'toolloop-batch-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const guide = [
  { custom_id: 'req-1', input: '1+1은?' },
  { custom_id: 'req-2', input: '파이썬이란?' },
  { custom_id: 'req-3', input: 'AI의 미래는?' },
];

/** A model that answers each prompt with a text derived from it (calls may come in any order). */
function echoModel(fail?: string) {
  const turn = (request: ModelRequest) => {
    const prompt = String(request.messages.at(-1)?.content);
    if (prompt === fail)
      return { error: new APICallError({ message: 'upstream 500', status: 500, isRetryable: true }) };
    return { text: `답: ${prompt}`, usage: { inputTokens: 10, outputTokens: 5 } };
  };
  return scriptedModel({ modelId: 'gpt-4o-mini', turns: Array.from({ length: 100 }, () => turn) });
}

const lines = (path: string): BatchResultLine[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as BatchResultLine);

describe('runBatch (local)', () => {
  it('runs every item and streams one result line per custom_id, with status, usage and cost', async () => {
    const outputPath = join(dir, 'results.jsonl');
    const progress: BatchProgress[] = [];
    const status = await runBatch(createAgent({ model: echoModel() }), guide, {
      outputPath,
      stateDir: join(dir, 'state'),
      concurrency: 2,
      onProgress: (p) => progress.push(p),
    });
    const byId = new Map(lines(outputPath).map((line) => [line.custom_id, line]));
    expect([...byId.keys()].sort()).toEqual(['req-1', 'req-2', 'req-3']);
    expect(byId.get('req-2')).toMatchObject({
      status: 'completed',
      text: '답: 파이썬이란?',
      stopReason: 'stop',
    });
    expect(status).toMatchObject({
      mode: 'local',
      status: 'completed',
      counts: { total: 3, completed: 3, failed: 0, running: 0 },
      usage: { inputTokens: 30, outputTokens: 15 },
    });
    expect(status.cost).toBeCloseTo((3 * (10 * 0.15 + 5 * 0.6)) / 1e6, 12);
    expect(progress.map((p) => p.done)).toEqual([1, 2, 3]);
    expect(progress.at(-1)).toMatchObject({ total: 3, completed: 3, running: 0, etaMs: 0 });
    // Status by id, from the files alone.
    expect(await getBatch(status.id, { stateDir: join(dir, 'state') })).toMatchObject({
      id: status.id,
      status: 'completed',
      counts: { total: 3, completed: 3, failed: 0 },
      outputPath,
    });
  });

  it('isolates a failing item: a failed line with its error code, the others complete', async () => {
    const outputPath = join(dir, 'results.jsonl');
    const status = await runBatch(createAgent({ model: echoModel('파이썬이란?') }), guide, {
      outputPath,
      stateDir: join(dir, 'state'),
    });
    expect(status.counts).toEqual({ total: 3, completed: 2, failed: 1, running: 0 });
    expect(status.cost).toBeNull(); // what the failed item spent is unknown
    const failed = lines(outputPath).find((line) => line.custom_id === 'req-2');
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'api-call', message: 'upstream 500' } });
  });

  it('stops cleanly on its signal, then resumes where it stopped: every custom_id exactly once', async () => {
    const outputPath = join(dir, 'results.jsonl');
    const stateDir = join(dir, 'state');
    const items = Array.from({ length: 30 }, (_, i) => ({ custom_id: `id-${i}`, input: `q${i}` }));
    const controller = new AbortController();
    const stopped = await runBatch(createAgent({ model: echoModel() }), items, {
      outputPath,
      stateDir,
      concurrency: 3,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done === 10) controller.abort();
      },
    });
    expect(stopped.status).toBe('cancelled');
    const partial = lines(outputPath).length;
    expect(partial).toBeGreaterThanOrEqual(10);
    expect(partial).toBeLessThan(30);
    expect((await getBatch(stopped.id, { stateDir })).status).toBe('cancelled');
    const resumed = await runBatch(createAgent({ model: echoModel() }), items, {
      outputPath,
      stateDir,
      resume: true,
    });
    expect(resumed).toMatchObject({ id: stopped.id, status: 'completed', counts: { completed: 30 } });
    const ids = lines(outputPath).map((line) => line.custom_id);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
  });

  it('stops when cancelBatch(id) is called from elsewhere, and resumes later', async () => {
    const outputPath = join(dir, 'results.jsonl');
    const stateDir = join(dir, 'state');
    const items = Array.from({ length: 12 }, (_, i) => ({ custom_id: `c-${i}`, input: `q${i}` }));
    let cancelled = false;
    const slow = (request: ModelRequest) => ({
      text: `답: ${String(request.messages.at(-1)?.content)}`,
      delayMs: 30,
    });
    const agent = createAgent({ model: scriptedModel({ turns: Array.from({ length: 100 }, () => slow) }) });
    const status = await runBatch(agent, items, {
      outputPath,
      stateDir,
      id: 'batch_cancel',
      concurrency: 2,
      onProgress: (p) => {
        if (p.done === 2 && !cancelled) {
          cancelled = true;
          void cancelBatch('batch_cancel', { stateDir });
        }
      },
    });
    expect(status.status).toBe('cancelled');
    expect(status.counts.completed).toBeLessThan(12);
    const resumed = await runBatch(agent, items, { outputPath, stateDir, resume: true });
    expect(resumed.counts.completed).toBe(12);
    expect(new Set(lines(outputPath).map((line) => line.custom_id)).size).toBe(12);
  });

  it('an onProgress that throws stops the batch: the other runs are aborted and awaited, nothing is written after', async () => {
    const outputPath = join(dir, 'results.jsonl');
    const stateDir = join(dir, 'state');
    let calls = 0;
    const slowModel = () =>
      scriptedModel({
        turns: Array.from({ length: 20 }, () => (request: ModelRequest) => {
          calls++;
          const prompt = String(request.messages.at(-1)?.content);
          return { text: `답: ${prompt}`, delayMs: Number(prompt.slice(1)) * 40 };
        }),
      });
    const items = Array.from({ length: 6 }, (_, n) => ({ custom_id: `i${n}`, input: `q${n}` }));
    let progressCalls = 0;
    await expect(
      runBatch(createAgent({ model: slowModel() }), items, {
        outputPath,
        stateDir,
        concurrency: 3,
        onProgress: () => {
          if (++progressCalls === 1) throw new Error('progress UI failed');
        },
      }),
    ).rejects.toThrow('progress UI failed');
    const callsAtRejection = calls;
    const written = readFileSync(outputPath, 'utf8');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(calls).toBe(callsAtRejection); // no run goes on after runBatch returned
    expect(readFileSync(outputPath, 'utf8')).toBe(written);
    expect(lines(outputPath).map((line) => line.custom_id)).toEqual(['i0']);
    expect(
      (await getBatch(JSON.parse(readFileSync(`${outputPath}.batch.json`, 'utf8')).id, { stateDir }))?.status,
    ).toBe('failed');
    const resumed = await runBatch(createAgent({ model: slowModel() }), items, {
      outputPath,
      stateDir,
      resume: true,
    });
    expect(resumed.counts).toMatchObject({ total: 6, completed: 6, failed: 0 });
  });

  it("resume replays each step's own tool outcome when a server reuses call ids per step (call_0 every step)", async () => {
    const outputPath = join(dir, 'results.jsonl');
    const stateDir = join(dir, 'state');
    const runs: string[] = [];
    const lookup: Tool<{ key: string }> = {
      name: 'lookup',
      description: 'looks a key up',
      jsonSchema: { type: 'object', properties: { key: { type: 'string' } } },
      parseInput: (input) => ({ success: true, data: input as { key: string } }),
      execute: ({ key }) => {
        runs.push(key);
        return `value-of-${key}`;
      },
    };
    // lookup(A) on step 1, lookup(B) on step 2, both as call_0; the answer on step 3 (stalled at first).
    const agent = (stall: boolean) =>
      createAgent({
        tools: [lookup],
        model: scriptedModel({
          turns: Array.from({ length: 10 }, () => (request: ModelRequest) => {
            const results = request.messages.filter((message) => message.role === 'tool');
            if (results.length < 2) {
              const key = results.length === 0 ? 'A' : 'B';
              return { toolCalls: [{ toolCallId: 'call_0', toolName: 'lookup', arguments: { key } }] };
            }
            const text = `final: ${results.map((message) => JSON.stringify(message.content)).join(' | ')}`;
            return { text, delayMs: stall ? 60_000 : 0 };
          }),
        }),
      });
    const items = [{ custom_id: 'i1', input: 'go' }];
    const stop = new AbortController();
    const first = runBatch(agent(true), items, { outputPath, stateDir, signal: stop.signal });
    while (runs.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    stop.abort();
    expect((await first).status).toBe('cancelled');
    await runBatch(agent(false), items, { outputPath, stateDir, resume: true });
    expect(lines(outputPath)[0]).toMatchObject({ text: 'final: "value-of-A" | "value-of-B"' });
    expect(runs).toEqual(['A', 'B']); // replayed, not run again
  });

  it('a final record that cannot be written (a full disk) rejects with a clear error, not a raw ENOSPC', async () => {
    const outputPath = join(dir, 'results.jsonl');
    const stateDir = join(dir, 'state');
    // Once the batch runs, its record's next temporary file is /dev/full: every write to it fails.
    const temporary = `${outputPath}.batch.json.${process.pid}.tmp`;
    const run = runBatch(createAgent({ model: echoModel() }), guide, {
      outputPath,
      stateDir,
      onProgress: () => {
        if (!existsSync(temporary)) symlinkSync('/dev/full', temporary);
      },
    });
    await expect(run).rejects.toThrow(/could not write its record to .*results\.jsonl\.batch\.json \(ENOSPC/);
    await expect(run).rejects.toMatchObject({ code: 'store-unavailable', cause: { code: 'ENOSPC' } });
    expect(lines(outputPath)).toHaveLength(3); // every result is kept; a resume finds them
    expect(JSON.parse(readFileSync(`${outputPath}.batch.json`, 'utf8')).status).toBe('running');
  });

  it('an AbortError of the run itself (a middleware giving up), with the batch not stopped, is a failed line', async () => {
    const outputPath = join(dir, 'results.jsonl');
    const giveUp = {
      name: 'give-up',
      generate: (request: ModelRequest, next: (request: ModelRequest) => Promise<unknown>) =>
        String(request.messages.at(-1)?.content) === '파이썬이란?'
          ? Promise.reject(new AbortError({ message: 'gave up on this one' }))
          : next(request),
    };
    const agent = createAgent({ model: echoModel(), middleware: [giveUp as never] });
    const status = await runBatch(agent, guide, { outputPath, stateDir: join(dir, 'state') });
    expect(status).toMatchObject({ status: 'completed', counts: { total: 3, completed: 2, failed: 1 } });
    expect(lines(outputPath).find((line) => line.custom_id === 'req-2')).toMatchObject({
      status: 'failed',
      error: { code: 'aborted', message: 'gave up on this one' },
    });
  });

  it('one process at a time: a resume while the batch still runs (here or in another live process) is refused', async () => {
    const outputPath = join(dir, 'results.jsonl');
    const stateDir = join(dir, 'state');
    let toolRuns = 0;
    const charge: Tool<object> = {
      name: 'charge',
      description: 'charges once',
      jsonSchema: { type: 'object' },
      parseInput: (input) => ({ success: true, data: input as object }),
      execute: async () => {
        toolRuns++;
        await new Promise((resolve) => setTimeout(resolve, 200));
        return 'ok';
      },
    };
    const agent = () =>
      createAgent({
        tools: [charge],
        model: scriptedModel({
          turns: Array.from(
            { length: 5 },
            () => (request: ModelRequest) =>
              request.messages.some((message) => message.role === 'tool')
                ? { text: 'done' }
                : { toolCalls: [{ toolCallId: 'c1', toolName: 'charge', arguments: {} }] },
          ),
        }),
      });
    const items = [{ custom_id: 'i1', input: 'go' }];
    const first = runBatch(agent(), items, { outputPath, stateDir, id: 'batch_once' });
    while (toolRuns === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await expect(runBatch(agent(), items, { outputPath, stateDir, resume: true })).rejects.toThrow(
      new RegExp(`batch batch_once is being run by process ${process.pid} .*cancelBatch\\("batch_once"\\)`),
    );
    expect((await first).counts).toMatchObject({ completed: 1 });
    expect(toolRuns).toBe(1);
    expect(lines(outputPath)).toHaveLength(1);
    expect(existsSync(`${outputPath}.lock`)).toBe(false); // released

    // A lock of another live process (this one's parent) is refused too; the message names it.
    writeFileSync(
      `${outputPath}.lock`,
      JSON.stringify({ pid: process.ppid, host: hostname(), since: '2026-01-01T00:00:00.000Z' }),
    );
    await expect(runBatch(agent(), items, { outputPath, stateDir, resume: true })).rejects.toThrow(
      `batch batch_once is being run by process ${process.ppid} (since 2026-01-01T00:00:00.000Z)`,
    );
  });

  it('resumes after kill -9 mid-batch: every custom_id once, and no finished tool call runs again', async () => {
    const outputPath = join(dir, 'results.jsonl');
    const stateDir = join(dir, 'state');
    const executions = join(dir, 'executions.log');
    const child = spawn(
      process.execPath,
      [
        '--conditions=@toolloop/source',
        '--import',
        'tsx',
        fileURLToPath(new URL('./__fixtures__/batch-child.ts', import.meta.url)),
        outputPath,
        stateDir,
        executions,
      ],
      { stdio: 'ignore' },
    );
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // Killed once some items are written and some tool calls of unfinished items have finished
    // (the child's model never answers items from 6 on, so that moment comes and stays).
    const journal = `${outputPath}.journal.jsonl`;
    for (;;) {
      const written = existsSync(outputPath) ? lines(outputPath).length : 0;
      const toolsDone = existsSync(journal)
        ? readFileSync(journal, 'utf8')
            .split('\n')
            .filter((l) => l.includes('"tool"')).length
        : 0;
      if (written >= 5 && toolsDone >= written + 4) break;
      if (child.exitCode !== null) throw new Error('the batch child finished before it could be killed');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    child.kill('SIGKILL');
    await exited;
    expect(existsSync(`${outputPath}.lock`)).toBe(true); // left by the killed process, taken over below
    const before = lines(outputPath).length;
    expect(before).toBeLessThan(20);

    const status = await runBatch(crashAgent(executions, 1), crashItems, {
      outputPath,
      stateDir,
      resume: true,
    });
    expect(status).toMatchObject({
      id: 'batch_crash',
      status: 'completed',
      counts: { total: 20, completed: 20, failed: 0 },
    });
    const ids = lines(outputPath).map((line) => line.custom_id);
    expect(ids.sort()).toEqual(crashItems.map((item) => item.custom_id).sort());
    const runs = readFileSync(executions, 'utf8').split('\n').filter(Boolean);
    const perCall = new Map<string, number>();
    for (const run of runs) perCall.set(run, (perCall.get(run) ?? 0) + 1);
    expect([...perCall.values()].every((count) => count === 1)).toBe(true);
    expect(perCall.size).toBe(20);
    const answer = lines(outputPath).find((line) => line.custom_id === 'req-7');
    expect(answer).toMatchObject({ status: 'completed', text: 'answer for item 7: {"found":"ITEM 7"}' });
  }, 60_000);
  /** Runs the full-disk child under `ulimit -f 16` (writes past 16 KiB of a file fail with EFBIG; Node ignores SIGXFSZ). */
  function runUnderFileLimit(outputPath: string, stateDir: string, mode: 'text' | 'tools', executions = '') {
    const child = spawnSync(
      'bash',
      [
        '-c',
        'ulimit -f 16 && exec "$0" "$@"',
        process.execPath,
        '--conditions=@toolloop/source',
        '--import',
        'tsx',
        fileURLToPath(new URL('./__fixtures__/full-disk-child.ts', import.meta.url)),
        outputPath,
        stateDir,
        mode,
        executions,
      ],
      { encoding: 'utf8' },
    );
    expect(child.status, child.stderr).toBe(0);
    return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as {
      rejected?: string;
      cause?: string;
      message: string;
    };
  }

  /** Resumes the full-disk batch with room to write: every item completes, once. */
  async function resumeAll(agent: Agent, outputPath: string, stateDir: string): Promise<void> {
    const status = await runBatch(agent, fullDiskItems, { outputPath, stateDir, resume: true });
    expect(status).toMatchObject({ status: 'completed', counts: { total: 400, completed: 400, failed: 0 } });
    const ids = lines(outputPath).map((line) => line.custom_id);
    expect(ids.sort()).toEqual(fullDiskItems.map((item) => item.custom_id).sort());
  }

  it('a results write that fails (a file size limit, as a full disk) stops the batch with a clear error; resume completes it', async () => {
    const outputPath = join(dir, 'results.jsonl');
    const stateDir = join(dir, 'state');
    const outcome = runUnderFileLimit(outputPath, stateDir, 'text');
    expect(outcome).toMatchObject({ rejected: 'store-unavailable', cause: 'EFBIG' });
    expect(outcome.message).toMatch(
      /could not write results to .*results\.jsonl \(EFBIG.*resume: true \(CLI: --resume\)/,
    );
    const record = JSON.parse(readFileSync(`${outputPath}.batch.json`, 'utf8')) as { status: string };
    expect(record.status).toBe('failed');
    expect(readFileSync(outputPath).length).toBeLessThanOrEqual(16 * 1024);

    await resumeAll(createAgent({ model: fullDiskModel() }), outputPath, stateDir);
  }, 60_000);

  it('a journal write that fails stops the batch too: no item is written as failed, resume completes every item', async () => {
    const outputPath = join(dir, 'results.jsonl');
    const stateDir = join(dir, 'state');
    const executions = join(dir, 'executions.log');
    const outcome = runUnderFileLimit(outputPath, stateDir, 'tools', executions);
    expect(outcome).toMatchObject({ rejected: 'store-unavailable', cause: 'EFBIG' });
    expect(outcome.message).toMatch(/could not write its journal to .*results\.jsonl\.journal\.jsonl/);
    const before = existsSync(outputPath) ? lines(outputPath) : [];
    expect(before.length).toBeLessThan(400);
    expect(before.every((line) => line.status === 'completed')).toBe(true);

    await resumeAll(crashAgent(executions, 1), outputPath, stateDir);
    // Only a tool whose outcome could not be journaled (at most one per running item) runs again.
    const perCall = new Map<string, number>();
    for (const run of readFileSync(executions, 'utf8').split('\n').filter(Boolean)) {
      perCall.set(run, (perCall.get(run) ?? 0) + 1);
    }
    expect(perCall.size).toBe(400);
    expect([...perCall.values()].filter((count) => count > 1).length).toBeLessThanOrEqual(4);
  }, 60_000);
});

describe('runBatch refuses bad input before sending anything', () => {
  const agent = () => createAgent({ model: echoModel() });
  const outputPath = () => join(dir, 'results.jsonl');

  it('duplicate custom_ids, all of them listed', async () => {
    const items = [...guide, { custom_id: 'req-1', input: 'again' }, { custom_id: 'req-3', input: 'again' }];
    await expect(runBatch(agent(), items, { outputPath: outputPath() })).rejects.toThrow(
      /custom_id must be unique; these appear more than once: "req-1", "req-3"/,
    );
    expect(existsSync(outputPath())).toBe(false);
  });

  it('poll intervals that are not positive, or a cap below the start', async () => {
    for (const [poll, message] of [
      [{ initialMs: 0 }, /poll\.initialMs must be a number of milliseconds > 0, got 0/],
      [{ maxMs: -5 }, /poll\.maxMs must be a number of milliseconds > 0, got -5/],
      [{ initialMs: 1000, maxMs: 10 }, /poll\.maxMs \(10\) is below poll\.initialMs \(1000\)/],
    ] as const) {
      await expect(runBatch(agent(), guide, { outputPath: outputPath(), poll })).rejects.toThrow(message);
    }
    expect(existsSync(outputPath())).toBe(false);
  });

  it('a missing or non-string custom_id, and an empty batch', async () => {
    await expect(runBatch(agent(), [{ input: 'x' } as never], { outputPath: outputPath() })).rejects.toThrow(
      /item 1 has no custom_id/,
    );
    await expect(
      runBatch(agent(), [{ custom_id: 7, input: 'x' } as never], { outputPath: outputPath() }),
    ).rejects.toThrow(/item 1 has a custom_id that is not a non-empty string \(7\)/);
    await expect(runBatch(agent(), [], { outputPath: outputPath() })).rejects.toThrow(/the batch is empty/);
  });

  it('an output file that exists, unless resuming; a resume of a different input', async () => {
    writeFileSync(outputPath(), 'precious results\n');
    await expect(runBatch(agent(), guide, { outputPath: outputPath() })).rejects.toThrow(
      /already exists; results are never overwritten.*resume: true/,
    );
    expect(readFileSync(outputPath(), 'utf8')).toBe('precious results\n');
    rmSync(outputPath());
    await runBatch(agent(), guide, { outputPath: outputPath(), stateDir: join(dir, 'state') });
    await expect(
      runBatch(agent(), [...guide, { custom_id: 'req-4', input: 'new' }], {
        outputPath: outputPath(),
        resume: true,
      }),
    ).rejects.toThrow(/belongs to a different input/);
  });

  it('a malformed JSONL line (its number) and an empty input file', async () => {
    const input = join(dir, 'input.jsonl');
    writeFileSync(input, '{"custom_id":"req-1","input":"1+1은?"}\n\n{"custom_id":"req-2",\n');
    await expect(readBatchInput(input)).rejects.toThrow(/input\.jsonl:3: not a JSON line/);
    writeFileSync(input, '\n\n');
    await expect(readBatchInput(input)).rejects.toThrow(/holds no items/);
    writeFileSync(input, '{"custom_id":"req-1","input":"1+1은?"}\n');
    expect(await readBatchInput(input)).toEqual([{ custom_id: 'req-1', input: '1+1은?' }]);
  });

  it('an unknown batch id', async () => {
    await expect(getBatch('batch_nope', { stateDir: join(dir, 'state') })).rejects.toThrow(
      /no batch "batch_nope"/,
    );
  });
});
