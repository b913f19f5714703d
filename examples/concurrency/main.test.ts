import { describe, expect, it } from 'vitest';
import { runExample } from '../run-example.js';

describe('examples/concurrency', () => {
  it('answers the three questions concurrently, at most two at a time', async () => {
    const { code, stdout } = await runExample('concurrency');
    expect(code).toBe(0);
    for (const city of ['서울', '부산', '도쿄'])
      expect(stdout).toMatch(new RegExp(`${city} 날씨 어때\\? → .*${city}`));
    const windows = [...stdout.matchAll(/\[\s*(\d+)–\s*(\d+) ms\]/g)].map(
      (m) => [Number(m[1]), Number(m[2])] as const,
    );
    expect(windows).toHaveLength(3);
    // p-limit(2): the first two start together; the third starts only when one of them has finished.
    const [first, second, third] = [...windows].sort((a, b) => a[0] - b[0]);
    expect(second![0]).toBeLessThan(first![1]);
    expect(third![0]).toBeGreaterThanOrEqual(Math.min(first![1], second![1]) - 1);
  });
});
