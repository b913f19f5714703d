import { describe, expect, it } from 'vitest';
import { ensureRedis } from '../../packages/cache/src/test-utils.js';
import { runExample } from '../run-example.js';

describe('examples/scale-out', () => {
  it('answers every enqueued question through two worker processes, in order', async () => {
    const redisUrl = await ensureRedis();
    const { code, stdout, stderr } = await runExample('scale-out', [], { REDIS_URL: redisUrl });
    expect(code, stderr).toBe(0);
    expect(stdout.match(/worker \d+ ready/g)).toHaveLength(2);
    expect(stdout).toContain('enqueued 8 items as batch weather-tickets');
    expect(stdout).toContain('progress 8/8');
    const answers = stdout.split('\n').filter((line) => line.startsWith('ticket-'));
    expect(answers.map((line) => line.split(':')[0])).toEqual(
      Array.from({ length: 8 }, (_, index) => `ticket-${index + 1}`),
    );
    expect(answers[0]).toMatch(/^ticket-1: .*서울/);
    expect(answers[7]).toMatch(/^ticket-8: .*제주/);
  }, 60_000);
});
