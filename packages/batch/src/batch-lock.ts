import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { InvalidOptionError } from '@toolloop/core';

interface LockOwner {
  batchId: string;
  pid: number;
  host: string;
  since: string;
}

/** Locks this process holds (a second runBatch of the same output in this process is refused too). */
const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}

/**
 * Takes the batch's lock file (`<output>.lock`: batch id, pid, host, since) so that two processes never run
 * the same batch at once — both would append the same results and run the same tools. A lock left
 * by a process that is gone (killed, crashed) is taken over; one of a live process is refused.
 * Returns the release.
 */
export function acquireBatchLock(path: string, batchId: string): () => void {
  const owner: LockOwner = { batchId, pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (;;) {
    try {
      writeFileSync(path, `${JSON.stringify(owner)}\n`, { flag: 'wx' });
      held.add(path);
      return () => {
        held.delete(path);
        rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let current: LockOwner | undefined;
    try {
      current = JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
    } catch {
      current = undefined; // cut off mid-write, or gone meanwhile: stale
    }
    const live =
      current !== undefined &&
      (current.host !== owner.host || (current.pid === process.pid ? held.has(path) : alive(current.pid)));
    if (live && current) {
      const id = current.batchId ?? batchId;
      const where =
        current.host === owner.host ? `process ${current.pid}` : `process ${current.pid} on ${current.host}`;
      throw new InvalidOptionError({
        option: 'resume',
        message: `runBatch: batch ${id} is being run by ${where} (since ${current.since}); running it twice at once would repeat its tools and its result lines. Wait for it, or stop it with cancelBatch("${id}") (CLI: toolloop batch cancel ${id}) and resume after. If that process is gone, delete ${path}.`,
      });
    }
    rmSync(path, { force: true }); // stale: its process is gone
  }
}
