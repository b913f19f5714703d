import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { InvalidOptionError } from '@toolloop/core';

interface LockOwner {
  batchId: string;
  pid: number;
  host: string;
  /** When the owning process started (epoch ms): with the pid, names one process even if pids are reused. */
  processStart: number;
  since: string;
  /** This acquisition, to tell one lock file from another with the same owner. */
  token: string;
}

/** The owner touches the lock this often; a lock untouched for STALE_MS is a gone process's. */
const HEARTBEAT_MS = 10_000;
const STALE_MS = 60_000;

const thisProcessStart = Math.round(Date.now() - process.uptime() * 1000);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}

function read(path: string): { owner: LockOwner | undefined; ageMs: number } | undefined {
  try {
    const ageMs = Date.now() - statSync(path).mtimeMs;
    try {
      return { owner: JSON.parse(readFileSync(path, 'utf8')) as LockOwner, ageMs };
    } catch {
      return { owner: undefined, ageMs };
    }
  } catch {
    return undefined; // gone meanwhile
  }
}

/** Whether the lock's owner is still running: its process here, or its heartbeat from another host. */
function isLive(owner: LockOwner | undefined, ageMs: number, host: string): boolean {
  if (ageMs > STALE_MS) return false; // no heartbeat for a minute: gone (or a reused pid)
  if (!owner || owner.host !== host) return true; // unreadable, or another host's: trust the heartbeat
  if (owner.pid === process.pid) return Math.abs(owner.processStart - thisProcessStart) < 2_000;
  return alive(owner.pid);
}

/**
 * Takes the batch's lock file (`<output>.lock`) so that two processes never run the same batch at
 * once — both would append the same results and run the same tools. The owner (batch id, pid, host,
 * process start) is written whole before the file appears (`link`), and its mtime is touched every
 * 10 s. A lock whose process is gone (a dead pid here, or no heartbeat for a minute) is taken over,
 * by moving it aside and checking that what moved was that stale lock, so two processes taking
 * over at once cannot both win; a live one is refused. Returns the release.
 */
export function acquireBatchLock(path: string, batchId: string): () => void {
  const host = hostname();
  const token = randomUUID();
  const owner: LockOwner = {
    batchId,
    pid: process.pid,
    host,
    processStart: thisProcessStart,
    since: new Date().toISOString(),
    token,
  };
  const temporary = `${path}.${token}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(owner)}\n`);
  try {
    for (let attempt = 0; attempt < 10; attempt++) {
      try {
        linkSync(temporary, path); // fails if a lock is there
        const heartbeat = setInterval(() => {
          try {
            const now = new Date();
            utimesSync(path, now, now);
          } catch {
            // Removed by hand: nothing to touch.
          }
        }, HEARTBEAT_MS);
        heartbeat.unref();
        return () => {
          clearInterval(heartbeat);
          if (read(path)?.owner?.token === token) rmSync(path, { force: true });
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const current = read(path);
      if (!current) continue; // released meanwhile
      if (isLive(current.owner, current.ageMs, host)) throw refusal(path, batchId, current.owner, host);
      // Stale: moved aside, then checked — if another process took it over first, what moved is
      // its fresh lock, which goes back.
      const aside = `${path}.${token}.stale`;
      try {
        renameSync(path, aside);
      } catch {
        continue; // moved by another process first
      }
      const moved = read(aside);
      if (moved && moved.owner?.token !== current.owner?.token) {
        try {
          linkSync(aside, path);
        } catch {
          // A third process took the free path meanwhile; its lock stands.
        }
      }
      rmSync(aside, { force: true });
    }
    throw refusal(path, batchId, read(path)?.owner, host);
  } finally {
    rmSync(temporary, { force: true });
  }
}

function refusal(
  path: string,
  batchId: string,
  owner: LockOwner | undefined,
  host: string,
): InvalidOptionError {
  const id = owner?.batchId ?? batchId;
  const who = !owner
    ? 'another process'
    : owner.host === host
      ? `process ${owner.pid}`
      : `process ${owner.pid} on ${owner.host}`;
  return new InvalidOptionError({
    option: 'resume',
    message: `runBatch: batch ${id} is being run by ${who}${owner ? ` (since ${owner.since})` : ''}; running it twice at once would repeat its tools and its result lines. Wait for it, or stop it with cancelBatch("${id}") (CLI: toolloop batch cancel ${id}) and resume after. A lock whose process is gone is taken over at once on this host, after a minute without its heartbeat from another; to take it now, delete ${path}.`,
  });
}
