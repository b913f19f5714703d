import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Redis the tests use; TOOLLOOP_REDIS_URL overrides the local throwaway server. */
export const redisUrl = process.env.TOOLLOOP_REDIS_URL ?? 'redis://127.0.0.1:6390';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function answers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((done) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    let reply = '';
    socket.setTimeout(1000, () => {
      socket.destroy();
      done(false);
    });
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      socket.destroy();
      done(reply.startsWith('+PONG') || reply.startsWith('-NOAUTH'));
    });
    socket.on('error', () => done(false));
  });
}

/**
 * Makes sure a real redis-server answers at {@link redisUrl}, starting one with scripts/redis.sh
 * when needed. Throws (never skips) when it cannot: the Redis tests must run against a real server.
 */
export async function ensureRedis(): Promise<string> {
  if (await answers(redisUrl)) return redisUrl;
  if (process.env.TOOLLOOP_REDIS_URL) {
    throw new Error(
      `TOOLLOOP_REDIS_URL=${redisUrl} does not answer PING. Start that server or unset TOOLLOOP_REDIS_URL.`,
    );
  }
  const output = await new Promise<string>((done) => {
    execFile(
      'bash',
      [resolve(repoRoot, 'scripts/redis.sh'), 'start'],
      { timeout: 240_000 },
      (error, stdout, stderr) => done(`${stdout}${stderr}${error ? `\n${error.message}` : ''}`),
    );
  });
  if (await answers(redisUrl)) return redisUrl;
  throw new Error(
    `The Redis tests need a real redis-server on ${redisUrl}, and \`bash scripts/redis.sh start\` could not provide one:\n${output}\n` +
      'Install redis-server (apt-get install -y redis-server) or point TOOLLOOP_REDIS_URL at a running server.',
  );
}
