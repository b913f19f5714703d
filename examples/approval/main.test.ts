import { describe, expect, it } from 'vitest';
import { runExample } from '../run-example.js';

describe('examples/approval', () => {
  it('stops for approval, stores the state as JSON, and runs the approved call once after resuming', async () => {
    const { code, stdout } = await runExample('approval');
    expect(code).toBe(0);
    expect(stdout).toContain('stop: approval-required');
    expect(stdout).toMatch(/waiting for approval: transfer_money\(\{.*\}\) \[call_/);
    expect(stdout.indexOf('decision: approve')).toBeLessThan(stdout.indexOf('(transfer_money ran'));
    expect(stdout.match(/\(transfer_money ran/g)).toHaveLength(1);
    expect(stdout).toMatch(/result transfer_money: \{"ok":true/);
    expect(stdout).toContain('stop: stop');
  });

  it('a rejected call never runs; the model gets the reason as a tool error', async () => {
    const { code, stdout } = await runExample('approval', ['--reject']);
    expect(code).toBe(0);
    expect(stdout).not.toContain('(transfer_money ran');
    expect(stdout).toMatch(/result transfer_money: error: .*not on the allow-list/);
    expect(stdout).toMatch(/answer: .*not on the allow-list/);
  });
});
