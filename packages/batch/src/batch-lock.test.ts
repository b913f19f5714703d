import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireBatchLock } from './batch-lock.js';

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'toolloop-batch-lock-'));
  path = join(dir, 'out.jsonl.lock');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A pid that is surely not running: a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

const lockOf = (owner: Record<string, unknown>) => writeFileSync(path, `${JSON.stringify(owner)}\n`);

describe('the batch lock', () => {
  it('is held whole from the start (batch id, pid, host), refused to a second taker, released by its owner', () => {
    const release = acquireBatchLock(path, 'batch_a');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({
      batchId: 'batch_a',
      pid: process.pid,
      host: hostname(),
    });
    expect(() => acquireBatchLock(path, 'batch_b')).toThrow(
      new RegExp(`batch batch_a is being run by process ${process.pid} .*cancelBatch\\("batch_a"\\)`),
    );
    release();
    expect(existsSync(path)).toBe(false);
    acquireBatchLock(path, 'batch_b')();
  });

  it("takes over a dead process's lock here, and another host's after a minute without its heartbeat", () => {
    lockOf({ batchId: 'b', pid: deadPid(), host: hostname(), since: 'x' });
    acquireBatchLock(path, 'b')();

    lockOf({ batchId: 'b', pid: 1, host: 'another-host', since: '2026-01-01T00:00:00.000Z' });
    expect(() => acquireBatchLock(path, 'b')).toThrow(/being run by process 1 on another-host/);
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    utimesSync(path, twoMinutesAgo, twoMinutesAgo);
    acquireBatchLock(path, 'b')();
  });

  it('a lock of this pid from an earlier process (a pid reused after a restart) is taken over', () => {
    lockOf({ batchId: 'b', pid: process.pid, host: hostname(), processStart: 1, since: 'x', token: 't' });
    acquireBatchLock(path, 'b')();
  });

  it('six processes taking over one stale lock at the same moment: exactly one gets it', async () => {
    lockOf({ batchId: 'b', pid: deadPid(), host: hostname(), since: 'x' });
    const child = fileURLToPath(new URL('./__fixtures__/lock-child.ts', import.meta.url));
    const children = Array.from({ length: 6 }, () => {
      const taker = spawn(
        process.execPath,
        ['--conditions=@toolloop/source', '--import', 'tsx', child, path, '1500'],
        {
          stdio: ['pipe', 'pipe', 'inherit'],
        },
      );
      let out = '';
      taker.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      return { taker, out: () => out, exited: new Promise((resolve) => taker.on('exit', resolve)) };
    });
    // All loaded, then all told at once.
    while (!children.every(({ out }) => out().includes('READY')))
      await new Promise((resolve) => setTimeout(resolve, 10));
    for (const { taker } of children) taker.stdin.write('go\n');
    await Promise.all(children.map(({ exited }) => exited));
    const outputs = children.map(({ out }) => out().replace('READY\n', ''));
    expect(outputs.filter((out) => out.startsWith('ACQUIRED'))).toHaveLength(1);
    expect(outputs.filter((out) => out.startsWith('REFUSED'))).toHaveLength(5);
  }, 30_000);
});
