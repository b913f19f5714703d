import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const child = fileURLToPath(new URL('../__fixtures__/soak-child.ts', import.meta.url));

describe('logging under load', () => {
  // 20,000 faulty runs (provider errors, bad tool arguments, failing tools) at 32 at a time with the
  // console, JSON-lines, SQLite and OpenTelemetry sinks all on, in a child process with --expose-gc.
  // The bound: 4 MB over 20,000 runs is 200 bytes a run — less than one record — so any per-run
  // retention (a record, a span, a closure per call) fails it, while V8's own warm structures fit.
  it('retains nothing per run: heap after GC stays within 4 MB of its warm size over 20,000 runs', async () => {
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ['--expose-gc', '--conditions=@toolloop/source', '--import', 'tsx', child, '20000', '2000'],
        { maxBuffer: 1 << 20 },
        (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out)),
      ),
    );
    const result = JSON.parse(stdout.trim().split('\n').at(-1) as string);
    expect(result.jsonl.dropped + result.sqlite.dropped).toBe(0);
    expect(result.jsonl.failed + result.sqlite.failed).toBe(0);
    expect(result.jsonl.written).toBe(result.sqlite.written);
    expect(result.storedCalls).toBeGreaterThan(22_000 * 1.5);
    expect(result.after - result.before).toBeLessThan(4 * 2 ** 20);
  }, 180_000);
});
