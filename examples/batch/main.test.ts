import { describe, expect, it } from 'vitest';
import { runExample } from '../run-example.js';

describe('examples/batch', () => {
  it('submits the guide three prompts, polls the batch by id and prints every answer by custom_id', async () => {
    const { code, stdout, stderr } = await runExample('batch');
    expect(stderr).toContain('offline');
    expect(code).toBe(0);
    const id = /^batch id: (batch_\S+)$/m.exec(stdout)?.[1];
    expect(id).toBeDefined();
    expect(stdout).toMatch(/^status: completed \(3\/3\)$/m);
    for (const [n, prompt] of [
      [1, '1+1은?'],
      [2, '파이썬이란?'],
      [3, 'AI의 미래는?'],
    ]) {
      const line = new RegExp(`^req-${n} \\(${String(prompt).replace(/[+?]/g, '\\$&')}\\): (.+)$`, 'm').exec(
        stdout,
      );
      expect(line?.[1]).toBeTruthy();
      expect(line?.[1]).not.toMatch(/^error|no result/);
    }
  });
});
