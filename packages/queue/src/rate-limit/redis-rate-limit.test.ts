import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Middleware, wrapModel } from '@toolloop/core';
import { openai } from '@toolloop/openai';
import { type Simulator, startSimulator } from '@toolloop/simulator';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureRedis } from '../../../cache/src/test-utils.js';
import { redisRateLimit } from './redis-rate-limit.js';

const child = join(dirname(fileURLToPath(import.meta.url)), '../__fixtures__/rate-child.ts');
const windowMs = 30_000;
/** The buckets start full (a burst of a minute's worth); the measurement starts after it is spent. */
const warmupMs = 10_000;

let redisUrl: string;
let sim: Simulator;
const usedKeys: string[] = [];

beforeAll(async () => {
  redisUrl = await ensureRedis();
});
afterEach(async () => {
  await sim?.close();
});
afterAll(async () => {
  const redis = new Redis(redisUrl);
  for (const key of usedKeys) {
    const stale = await redis.keys(`toolloop:rate-limit:${key}:*`);
    if (stale.length) await redis.del(...stale);
  }
  redis.disconnect();
});

/** Runs 3 processes sharing one limit and returns the request times the simulator saw. */
async function threeProcesses(limit: { rpm?: number; tpm?: number }): Promise<number[]> {
  const key = `rate-${process.pid}-${usedKeys.length}-${Date.now()}`;
  usedKeys.push(key);
  const durationMs = warmupMs + windowMs + 2000;
  const runs = Array.from({ length: 3 }, () => {
    const proc = spawn(
      process.execPath,
      [
        '--conditions=@toolloop/source',
        '--import',
        'tsx',
        child,
        redisUrl,
        sim.url,
        key,
        String(limit.rpm ?? 0),
        String(limit.tpm ?? 0),
        String(durationMs),
        '4',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    return new Promise<void>((resolve, reject) =>
      proc.on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`rate child exited ${code}:\n${stderr}`)),
      ),
    );
  });
  await Promise.all(runs);
  return sim.requests
    .filter((request) => request.path.endsWith('/chat/completions'))
    .map((request) => request.receivedAt);
}

function countInWindow(times: number[]): number {
  const start = Math.min(...times) + warmupMs;
  return times.filter((time) => time >= start && time < start + windowMs).length;
}

describe('redisRateLimit shared by 3 processes', () => {
  it('holds the request rate at the simulator within 5% of rpm over 30 s', async () => {
    sim = await startSimulator();
    const times = await threeProcesses({ rpm: 600 });
    // 600 per minute → 300 in 30 s.
    expect(Math.abs(countInWindow(times) - 300)).toBeLessThanOrEqual(15);
  }, 90_000);

  it('holds the token rate within 5% of tpm over 30 s, reconciling estimates with reported usage', async () => {
    sim = await startSimulator();
    // What one call really uses, as the server reports it (the limiter's estimate differs).
    const probe = await openai('gpt-4o-mini', { baseURL: sim.url, apiKey: 'sk-test' }).generate({
      messages: [{ role: 'user', content: '안녕하세요' }],
      settings: { maxTokens: 16 },
    });
    const perCall = probe.usage?.totalTokens ?? 0;
    expect(perCall).toBeGreaterThan(0);
    sim.reset();
    const times = await threeProcesses({ tpm: 600 * perCall });
    // tpm / tokens per call = 600 calls per minute → 300 calls (300 × perCall tokens) in 30 s.
    expect(Math.abs(countInWindow(times) - 300)).toBeLessThanOrEqual(15);
  }, 90_000);
});

describe('redisRateLimit options', () => {
  it('names a missing or bad limit', () => {
    expect(() => redisRateLimit({ connection: redisUrl })).toThrow(
      /needs at least one of rpm, tpm or maxConcurrency/,
    );
    expect(() => redisRateLimit({ connection: redisUrl, rpm: -1 })).toThrow(
      /`rpm` must be a number > 0, got -1/,
    );
    expect(() => redisRateLimit({ connection: redisUrl, maxConcurrency: 1.5 })).toThrow(
      /`maxConcurrency` must be a whole number/,
    );
  });

  it('keeps at most maxConcurrency calls in flight across limiter instances (processes)', async () => {
    sim = await startSimulator();
    sim.script(...Array.from({ length: 6 }, () => ({ text: '네', delayMs: 100 })));
    const key = `conc-${process.pid}-${Date.now()}`;
    usedKeys.push(key);
    let inFlight = 0;
    let most = 0;
    const counter: Middleware = {
      name: 'count',
      async generate(request, next) {
        most = Math.max(most, ++inFlight);
        try {
          return await next(request);
        } finally {
          inFlight--;
        }
      },
    };
    const limits = [0, 1].map(() => redisRateLimit({ connection: redisUrl, key, maxConcurrency: 2 }));
    try {
      const models = limits.map((limit) =>
        wrapModel({
          model: openai('gpt-4o-mini', { baseURL: sim.url, apiKey: 'sk-test' }),
          middleware: [limit, counter],
        }),
      );
      await Promise.all(
        models.flatMap((model) =>
          [0, 1, 2].map(() => model.generate({ messages: [{ role: 'user', content: '안녕' }] })),
        ),
      );
      expect(most).toBe(2);
    } finally {
      for (const limit of limits) await limit.close();
    }
  });

  it("pauses every process for a 429's retry-after", async () => {
    sim = await startSimulator();
    sim.fault({ type: 'status', status: 429, headers: { 'retry-after-ms': '1500' } });
    const key = `pause-${process.pid}-${Date.now()}`;
    usedKeys.push(key);
    const limits = [0, 1].map(() => redisRateLimit({ connection: redisUrl, key, rpm: 100 }));
    const redis = new Redis(redisUrl);
    try {
      const [first, second] = limits.map((limit) =>
        wrapModel({
          model: openai('gpt-4o-mini', { baseURL: sim.url, apiKey: 'sk-test' }),
          middleware: [limit],
        }),
      );
      await expect(first?.generate({ messages: [{ role: 'user', content: '안녕' }] })).rejects.toMatchObject({
        status: 429,
      });
      expect(await redis.pttl(`toolloop:rate-limit:${key}:pause`)).toBeGreaterThan(0);
      // Another process's call waits out the pause before it reaches the server.
      await second?.generate({ messages: [{ role: 'user', content: '안녕' }] });
      const [refused, answered] = sim.requests.map((request) => request.receivedAt);
      expect((answered ?? 0) - (refused ?? 0)).toBeGreaterThanOrEqual(1400);
    } finally {
      redis.disconnect();
      for (const limit of limits) await limit.close();
    }
  });
});
