import { describe, expect, it } from 'vitest';
import { runExample } from '../run-example.js';

describe('examples/streaming', () => {
  it('prints a long story as it arrives, in many deltas', async () => {
    const { code, stdout, stderr } = await runExample('streaming');
    expect(code).toBe(0);
    expect(stdout.length).toBeGreaterThan(500);
    const deltas = Number(/\((\d+) deltas/.exec(stderr)?.[1]);
    expect(deltas).toBeGreaterThan(50);
    expect(stderr).toContain('stop: stop');
  });
});
