import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createQueue, enqueue, waitForBatch } from '@toolloop/queue';
import { startSimulator } from '@toolloop/simulator';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRedis } from '../../../cache/src/test-utils.js';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '../bin.ts');
const repoRoot = join(here, '../../../..');

function startCli(args: string[], env: Record<string, string> = {}) {
  const cleanEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !key.startsWith('OPENAI_')) cleanEnv[key] = value;
  const child = spawn(process.execPath, ['--conditions=@toolloop/source', '--import', 'tsx', bin, ...args], {
    cwd: repoRoot,
    env: { ...cleanEnv, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { child, closed, output: () => ({ stdout, stderr }) };
}

describe('toolloop worker', () => {
  let redisUrl: string;
  const name = `cli-worker-${process.pid}-${Date.now()}`;
  beforeAll(async () => {
    redisUrl = await ensureRedis();
  });
  afterAll(async () => {
    const redis = new Redis(redisUrl);
    const stale = [
      ...(await redis.keys(`bull:${name}:*`)),
      ...(await redis.keys(`toolloop:queue:${name}:*`)),
    ];
    if (stale.length) await redis.del(...stale);
    redis.disconnect();
  });

  it('serves the queue with the agent its module exports', async () => {
    const sim = await startSimulator({ record: false });
    const cli = startCli(
      [
        'worker',
        '--queue',
        redisUrl,
        '--agent',
        'examples/scale-out/agent.ts',
        '--name',
        name,
        '--concurrency',
        '2',
      ],
      { OPENAI_BASE_URL: sim.url, OPENAI_API_KEY: 'sk-test', TOOLLOOP_WEATHER: 'offline' },
    );
    const queue = await createQueue({ connection: redisUrl, name });
    try {
      const { batchId } = await enqueue({
        queue,
        items: [
          { custom_id: 'a', input: '서울 날씨 어때?' },
          { custom_id: 'b', input: '부산 날씨 어때?' },
        ],
      });
      const results = await waitForBatch({ queue, batchId, pollIntervalMs: 50 });
      expect(results.map((result) => result.response?.text)).toEqual([
        expect.stringContaining('서울'),
        expect.stringContaining('부산'),
      ]);
      expect(cli.output().stdout).toMatch(/serving queue "cli-worker-/);
    } finally {
      cli.child.kill('SIGTERM');
      expect(await cli.closed).toBe(0);
      await queue.close();
      await sim.close();
    }
  }, 60_000);

  it('says what a worker module must export', async () => {
    const cli = startCli([
      'worker',
      '--queue',
      redisUrl,
      '--agent',
      'packages/cli/src/__fixtures__/not-an-agent.ts',
    ]);
    expect(await cli.closed).toBe(1);
    expect(cli.output().stderr).toMatch(
      /not-an-agent\.ts must export `agent`: the agent's options .* It exports: instructions\./,
    );
  });

  it('names an unreachable Redis without its password', async () => {
    const cli = startCli([
      'worker',
      '--queue',
      'redis://:hunter2@127.0.0.1:1',
      '--agent',
      'examples/scale-out/agent.ts',
    ]);
    expect(await cli.closed).toBe(1);
    expect(cli.output().stderr).toContain('could not reach Redis at redis://:***@127.0.0.1:1');
    expect(cli.output().stderr).not.toContain('hunter2');
  });
});
