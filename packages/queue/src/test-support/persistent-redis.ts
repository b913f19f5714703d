import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { ensureRedis } from '../../../cache/src/test-utils.js';

/** A redis-server of a test's own that keeps its data on disk (AOF, fsync always) across a restart. */
export interface PersistentRedis {
  url: string;
  /** Stops the server (SIGTERM: it flushes and exits); resolves once it is gone. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory; resolves once it answers. */
  start(): Promise<void>;
  kill(): void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export async function startPersistentRedis(dir: string): Promise<PersistentRedis> {
  await ensureRedis(); // installs the binary, announced, if it is missing
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let server: ChildProcess | undefined;
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''];
  args.push('--appendonly', 'yes', '--appendfsync', 'always');
  const handle: PersistentRedis = {
    url,
    async start() {
      server = spawn('redis-server', args, { stdio: 'ignore' });
      for (let attempt = 0; !(await answers(url)); attempt++) {
        if (attempt > 200) throw new Error(`redis-server on ${url} did not answer within 10 s.`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async stop() {
      const running = server;
      if (!running || running.exitCode !== null) return;
      const gone = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGTERM');
      await gone;
    },
    kill() {
      server?.kill('SIGKILL');
    },
  };
  await handle.start();
  return handle;
}
