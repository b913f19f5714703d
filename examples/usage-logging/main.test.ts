import { describe, expect, it } from 'vitest';
import { runExample } from '../run-example.js';

describe('examples/usage-logging', () => {
  it('logs every call to the console and summarises the SQLite store by model, matching result.cost', async () => {
    const { code, stdout, stderr } = await runExample('usage-logging');
    expect(code, stderr).toBe(0);
    const modelLines = stdout.split('\n').filter((line) => /^\d\d:\d\d:\d\d model /.test(line));
    // two weather questions (tool call + answer each) and one streamed answer
    expect(modelLines).toHaveLength(5);
    expect(modelLines[0]).toMatch(
      / model gpt-4o-mini step 1 ok \d+ms in \d+ \(cached \d+\) out \d+ \$\d\.\d{6} cache:miss retries:0$/,
    );
    expect(modelLines[4]).toMatch(/ ttft \d+ms /);
    expect(
      stdout.split('\n').filter((line) => /^\d\d:\d\d:\d\d tool get_weather step 1 ok/.test(line)),
    ).toHaveLength(2);
    const summary =
      /gpt-4o-mini: 5 calls, 0 errors, in \d+ \(cached \d+\) out \d+ tokens, \$(\d\.\d{6})/.exec(stdout);
    expect(summary).not.toBeNull();
    expect(stdout).toContain(`Sum of result.cost over the runs: $${summary?.[1]}`);
    expect(Number(summary?.[1])).toBeGreaterThan(0);
  });
});
