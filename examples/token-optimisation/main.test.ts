import { describe, expect, it } from 'vitest';
import { runExample } from '../run-example.js';

const totals = (stdout: string, name: string) => {
  const match = new RegExp(
    `${name}.*: input (\\d+), output (\\d+), total (\\d+) tokens, \\$(\\d\\.\\d{6})`,
  ).exec(stdout);
  if (!match) throw new Error(`no totals line for ${name} in:\n${stdout}`);
  const [, input, output, total, cost] = match.map(Number);
  return { input: input!, output: output!, total: total!, cost: cost! };
};

describe('examples/token-optimisation', () => {
  it('shows the good prompt spending fewer tokens and dollars than the bad one, from recorded usage', async () => {
    const { code, stdout, stderr } = await runExample('token-optimisation');
    expect(code, stderr).toBe(0);
    const good = totals(stdout, '좋은 예');
    const bad = totals(stdout, '나쁜 예');
    expect(good.total).toBe(good.input + good.output);
    expect(good.output).toBeLessThan(bad.output);
    expect(good.total).toBeLessThan(bad.total);
    // Priced as gpt-4o-mini: $0.15 per 1M input tokens, $0.60 per 1M output tokens (no cached input here).
    expect(good.cost).toBeCloseTo((good.input * 0.15 + good.output * 0.6) / 1e6, 6);
    expect(bad.cost).toBeCloseTo((bad.input * 0.15 + bad.output * 0.6) / 1e6, 6);
    const difference = /Difference: (\d+) tokens \((\d+)% fewer\), \$(\d\.\d{6}) saved per request/.exec(
      stdout,
    );
    expect(Number(difference?.[1])).toBe(bad.total - good.total);
    expect(Number(difference?.[3])).toBeCloseTo(bad.cost - good.cost, 6);
    expect(stdout.split('\n').filter((line) => / model gpt-4o-mini step 1 ok /.test(line))).toHaveLength(2);
  });
});
