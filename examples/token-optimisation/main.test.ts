import { describe, expect, it } from 'vitest';
import { runExample } from '../run-example.js';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const totals = (stdout: string, name: string) => {
  const match = new RegExp(
    `${escapeRegExp(name)}.*: input (\\d+), output (\\d+), total (\\d+) tokens, \\$(\\d\\.\\d{6})`,
  ).exec(stdout);
  if (!match) throw new Error(`no totals line for ${name} in:\n${stdout}`);
  const [, input, output, total, cost] = match.map(Number);
  const counted = new RegExp(
    `${escapeRegExp(name)}.*: counted before sending (\\d+) input tokens \\(exact, o200k_base\\)`,
  ).exec(stdout);
  return { input: input!, output: output!, total: total!, cost: cost!, counted: Number(counted?.[1]) };
};

describe('examples/token-optimisation', () => {
  it('counts each prompt before sending exactly as the server bills it, and shows what each lever saves', async () => {
    const { code, stdout, stderr } = await runExample('token-optimisation');
    expect(code, stderr).toBe(0);
    const good = totals(stdout, '좋은 예 (good)');
    const bad = totals(stdout, '나쁜 예 (bad) ');
    const withSystem = totals(stdout, '나쁜 예 + system message');
    const capped = totals(stdout, '나쁜 예 + maxTokens 20');
    // The count before sending is the usage the (simulated) server reported.
    for (const variant of [good, bad, withSystem, capped]) expect(variant.counted).toBe(variant.input);
    // The guide's bad prompt alone: 32 tokens of text + 3 framing + 1 role + 3 reply priming.
    expect(bad.input).toBe(39);
    expect(good.total).toBe(good.input + good.output);
    expect(good.output).toBeLessThan(bad.output);
    expect(good.total).toBeLessThan(bad.total);
    // A system message costs input tokens and saves output tokens; maxTokens caps the output.
    expect(withSystem.input).toBeGreaterThan(bad.input);
    expect(withSystem.output).toBeLessThan(bad.output);
    expect(capped.output).toBe(20);
    expect(stdout).toMatch(/나쁜 예 \+ maxTokens 20: input .* — stopped at maxTokens \(stopReason: length\)/);
    // Priced as gpt-4o-mini: $0.15 per 1M input tokens, $0.60 per 1M output tokens (no cached input here).
    expect(good.cost).toBeCloseTo((good.input * 0.15 + good.output * 0.6) / 1e6, 6);
    expect(bad.cost).toBeCloseTo((bad.input * 0.15 + bad.output * 0.6) / 1e6, 6);
    const difference = /Difference: (\d+) tokens \((\d+)% fewer\), \$(\d\.\d{6}) saved per request/.exec(
      stdout,
    );
    expect(Number(difference?.[1])).toBe(bad.total - good.total);
    expect(Number(difference?.[3])).toBeCloseTo(bad.cost - good.cost, 6);
    expect(stdout.split('\n').filter((line) => / model gpt-4o-mini step 1 ok /.test(line))).toHaveLength(4);
  });
});
