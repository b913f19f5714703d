import { describe, expect, it } from 'vitest';
import { runExample } from '../run-example.js';

describe('examples/dashboard', () => {
  it('logs failing and cached runs to a store and serves the dashboard over it (--once)', async () => {
    await import('../../packages/dashboard/scripts/build-page.js');
    const { code, stdout, stderr } = await runExample('dashboard', ['--once']);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/runs: 4 ok, 1 failed/);
    expect(stdout).toMatch(/store: \d+ model calls, [1-9]\d* cache hits, [1-9]\d* errors/);
    expect(stdout).toMatch(/dashboard: http:\/\/127\.0\.0\.1:\d+\//);
  }, 60_000);
});
