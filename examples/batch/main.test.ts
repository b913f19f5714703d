import { describe, expect, it } from 'vitest';
import { runExample } from '../run-example.js';

describe('examples/batch', () => {
  it('runs the guide’s three requests as a batch, prints its id and status, and the results by custom_id', async () => {
    const { code, stdout } = await runExample('batch');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^batch id: batch_\w+$/m);
    expect(stdout).toMatch(/^status: completed \(3 completed, 0 failed of 3\), cost \$\d+\.\d{6}$/m);
    expect(stdout).toMatch(/^req-1 \(1\+1은\?\) → .+/m);
    expect(stdout).toMatch(/^req-2 \(파이썬이란\?\) → .+/m);
    expect(stdout).toMatch(/^req-3 \(AI의 미래는\?\) → .+/m);
    expect(stdout).toMatch(/진행: 3\/3/);
  });
});
