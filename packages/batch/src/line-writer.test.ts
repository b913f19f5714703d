import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BatchResultLine } from './batch-types.js';
import { encodeLine } from './line-json.js';
import { LineWriter } from './line-writer.js';

function open(): { path: string; fd: number } {
  const path = join(mkdtempSync(join(tmpdir(), 'toolloop-line-writer-')), 'out.jsonl');
  return { path, fd: openSync(path, 'a') };
}

describe('LineWriter', () => {
  it('writes every line whole and in order, across 64 KiB chunks, lines longer than a chunk included', () => {
    const { path, fd } = open();
    const writer = new LineWriter(fd, (value: { n: number; text: string }) => JSON.stringify(value), {
      maxPending: 50,
    });
    const values = Array.from({ length: 2_000 }, (_, n) => ({
      n,
      // Korean (3 bytes each in UTF-8), an emoji, and now and then a line far over 64 KiB.
      text: n % 500 === 7 ? '가'.repeat(40_000) : `답변 ${n} 🙂 ${'나'.repeat(n % 300)}`,
    }));
    for (const value of values) writer.add(value);
    writer.flush();
    closeSync(fd);
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line))).toEqual(values);
  });

  it("runBatch's result lines are written whole across chunks, exactly as JSON.stringify writes them", () => {
    const { path, fd } = open();
    const writer = new LineWriter(
      fd,
      (line: BatchResultLine) => JSON.stringify(line),
      { maxPending: 64 },
      encodeLine,
    );
    const usage = { inputTokens: 1, outputTokens: 2, totalTokens: 3 };
    const values: BatchResultLine[] = Array.from({ length: 1_500 }, (_, n) =>
      n % 9 === 4
        ? {
            custom_id: `req-${n}`,
            status: 'failed',
            error: { code: 'api-call', message: `실패 ${n}` },
            usage,
            cost: null,
          }
        : {
            custom_id: `req-${n}`,
            status: 'completed',
            text: n % 400 === 3 ? '가'.repeat(30_000) : `답변 "${n}" 🙂 ${'나'.repeat(n % 250)}`,
            stopReason: 'stop',
            usage,
            cost: n * 1e-7,
          },
    );
    for (const value of values) writer.add(value);
    writer.flush();
    closeSync(fd);
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toEqual(values.map((value) => JSON.stringify(value)));
  });

  it('encodes the lines of one turn of the event loop at its end, and writes them delayMs later', async () => {
    const { path, fd } = open();
    const writer = new LineWriter(fd, (value: string) => JSON.stringify(value), { delayMs: 20 });
    writer.add('one');
    writer.add('two');
    await new Promise((resolve) => setImmediate(resolve));
    expect(readFileSync(path, 'utf8')).toBe('');
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(readFileSync(path, 'utf8')).toBe('"one"\n"two"\n');
    closeSync(fd);
  });

  it('writes at once when 48 KiB are encoded', async () => {
    const { path, fd } = open();
    const writer = new LineWriter(fd, (value: string) => value, { delayMs: 60_000 });
    for (let n = 0; n < 50; n++) writer.add('x'.repeat(1023));
    await new Promise((resolve) => setImmediate(resolve));
    expect(readFileSync(path, 'utf8')).toHaveLength(50 * 1024);
    writer.flush();
    closeSync(fd);
  });

  it('flush() writes everything queued or encoded at once', () => {
    const { path, fd } = open();
    const writer = new LineWriter(fd, (value: number) => String(value), { maxPending: 3, delayMs: 60_000 });
    writer.add(1);
    writer.add(2);
    writer.add(3); // encoded at once (maxPending), not yet written
    writer.add(4);
    expect(readFileSync(path, 'utf8')).toBe('');
    writer.flush();
    expect(readFileSync(path, 'utf8')).toBe('1\n2\n3\n4\n');
    writer.flush(); // nothing waiting: nothing written, no callback left behind
    expect(readFileSync(path, 'utf8')).toBe('1\n2\n3\n4\n');
    closeSync(fd);
  });

  it('a failed write (a full disk) goes to onError once, stops the writer, and flush() throws it', async () => {
    const fd = openSync('/dev/full', 'w'); // every write fails with ENOSPC
    const errors: unknown[] = [];
    const writer = new LineWriter(fd, (value: string) => value, {
      delayMs: 1,
      onError: (e) => errors.push(e),
    });
    writer.add('one');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'ENOSPC' });
    writer.add('two'); // ignored: nothing more is written after a failure
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(errors).toHaveLength(1);
    expect(() => writer.flush()).toThrow(/ENOSPC/);
    closeSync(fd);
  });

  it('without onError, flush() throws the write error', () => {
    const fd = openSync('/dev/full', 'w');
    const writer = new LineWriter(fd, (value: string) => value);
    writer.add('one');
    expect(() => writer.flush()).toThrow(/ENOSPC/);
    closeSync(fd);
  });
});
