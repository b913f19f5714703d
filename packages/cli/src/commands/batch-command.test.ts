import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin.ts');
// The batch runs in a scratch directory (its state goes there), so tsx is named by its full path.
const tsx = pathToFileURL(
  join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'loader.mjs'),
).href;
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'toolloop-cli-batch-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** The CLI in a fresh process, offline (no OPENAI_* variables: the built-in simulator answers), stdout not a TTY. */
function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !key.startsWith('OPENAI_')) env[key] = value;
  const child = spawn(process.execPath, ['--conditions=@toolloop/source', '--import', tsx, bin, ...args], {
    env,
    cwd: dir,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const GUIDE = ['1+1은?', '파이썬이란?', 'AI의 미래는?']
  .map((input, i) => JSON.stringify({ custom_id: `req-${i + 1}`, input }))
  .join('\n');

describe('toolloop batch', () => {
  it('runs a JSONL batch, prints its id, and answers status and results by that id', async () => {
    await writeFile(join(dir, 'in.jsonl'), `${GUIDE}\n`);
    const run = await cli(['batch', 'run', 'in.jsonl', '--out', 'out.jsonl', '--concurrency', '2']);
    expect(run.stderr).toMatch(/batch batch_local_[\w-]+: 3\/3 done \(0 failed, 0 running\)/);
    expect(run.code).toBe(0);
    const id = /^batch id: (\S+)$/m.exec(run.stdout)?.[1] as string;
    const lines = (await readFile(join(dir, 'out.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.custom_id).sort()).toEqual(['req-1', 'req-2', 'req-3']);

    const status = await cli(['batch', 'status', id]);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      id,
      mode: 'local',
      status: 'completed',
      counts: { total: 3, completed: 3 },
    });

    const results = await cli(['batch', 'results', id]);
    expect(results.stdout.trim().split('\n')).toHaveLength(3);
  });

  it('refuses an existing output without --resume, and a duplicate custom_id, naming the fix', async () => {
    await writeFile(join(dir, 'in.jsonl'), `${GUIDE}\n`);
    await writeFile(join(dir, 'out.jsonl'), 'keep me\n');
    const exists = await cli(['batch', 'run', 'in.jsonl', '--out', 'out.jsonl']);
    expect(exists.code).toBe(1);
    expect(exists.stderr).toMatch(/already exists; results are never overwritten.*--resume/);
    expect(await readFile(join(dir, 'out.jsonl'), 'utf8')).toBe('keep me\n');

    await writeFile(join(dir, 'dup.jsonl'), `${GUIDE}\n{"custom_id":"req-2","input":"again"}\n`);
    const dup = await cli(['batch', 'run', 'dup.jsonl', '--out', 'o2.jsonl']);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/custom_id must be unique; duplicated: "req-2" \(lines 2, 4\)/);
  });

  it('runs the batch through the Batch API with --provider (offline: the simulator’s), and answers cancel by id', async () => {
    await writeFile(join(dir, 'in.jsonl'), `${GUIDE}\n`);
    const run = await cli(['batch', 'run', 'in.jsonl', '--out', 'out.jsonl', '--provider', '--poll-ms', '5']);
    expect(run.stderr).toMatch(/batch batch_provider_[\w-]+: 3\/3 done \(0 failed, 0 running\)/);
    expect(run.code).toBe(0);
    const id = /^batch id: (\S+)$/m.exec(run.stdout)?.[1] as string;
    const status = await cli(['batch', 'status', id]);
    expect(JSON.parse(status.stdout)).toMatchObject({ id, mode: 'provider', round: 1, status: 'completed' });
    const answers = (await readFile(join(dir, 'out.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(answers.map((l) => l.custom_id).sort()).toEqual(['req-1', 'req-2', 'req-3']);
    // A finished batch is left as it is.
    const cancel = await cli(['batch', 'cancel', id]);
    expect(cancel.code).toBe(0);
    expect(JSON.parse(cancel.stdout)).toMatchObject({ id, status: 'completed' });
  });

  it('names an unknown batch id', async () => {
    const status = await cli(['batch', 'status', 'batch_local_nope']);
    expect(status.code).toBe(1);
    expect(status.stderr).toMatch(/no batch "batch_local_nope".*run it first/);
  });
});
