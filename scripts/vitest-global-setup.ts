import { execFileSync } from 'node:child_process';
import { connect } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The Redis tests start a throwaway redis-server through one helper (packages/cache/src/test-utils.ts,
// which installs it with apt-get when it must and says so). A daemon this test run started is
// stopped when the run ends, so `npm test` leaves nothing behind; one that was already running
// (`.ci/run`, your own) is left alone.
const port = Number(process.env.TOOLLOOP_REDIS_PORT ?? 6390);
const script = resolve(dirname(fileURLToPath(import.meta.url)), 'redis.sh');

function answers(): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000, () => {
      socket.destroy();
      done(false);
    });
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      socket.destroy();
      done(chunk.toString().startsWith('+PONG'));
    });
    socket.on('error', () => done(false));
  });
}

export default async function setup(): Promise<() => Promise<void>> {
  const ownServer = process.env.TOOLLOOP_REDIS_URL !== undefined;
  const runningBefore = ownServer || (await answers());
  return async () => {
    if (runningBefore || process.env.TOOLLOOP_KEEP_REDIS) return;
    if (!(await answers())) return;
    try {
      execFileSync('bash', [script, 'stop'], { stdio: 'inherit' });
    } catch {
      // Stopping is best effort; the daemon has no persistence to lose.
    }
  };
}
