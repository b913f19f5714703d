import { describe, expect, it } from 'vitest';
import { runExample } from '../run-example.js';

describe('examples/concurrency', () => {
  it('answers the three questions concurrently, at most two at a time', async () => {
    const { code, stdout } = await runExample('concurrency');
    expect(code).toBe(0);
    for (const city of ['서울', '부산', '도쿄'])
      expect(stdout).toMatch(new RegExp(`${city} 날씨 어때\\? → .*${city}`));
    // p-limit(2): the first two start together; the third starts only once one of them finished.
    const events = [...stdout.matchAll(/^(start|finish) +(\S+) .*\(in flight: (\d+)\)$/gm)].map(
      (m) => `${m[1]} ${m[3]}`,
    );
    expect(events).toHaveLength(6);
    expect(Math.max(...events.map((event) => Number(event.split(' ')[1])))).toBe(2);
    expect(events.slice(0, 3)).toEqual(['start 1', 'start 2', 'finish 1']);
    expect(events[3]).toBe('start 2');
  });
});
