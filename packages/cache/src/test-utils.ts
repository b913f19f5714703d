import { type ChildProcess, spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StreamPart } from '@toolloop/core';

/** The Redis the tests use; TOOLLOOP_REDIS_URL overrides the local throwaway server. */
export const redisUrl =
  process.env.TOOLLOOP_REDIS_URL ?? `redis://127.0.0.1:${process.env.TOOLLOOP_REDIS_PORT ?? 6390}`;

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
  const output = await redisScript('start');
  if (await answers(redisUrl)) return redisUrl;
  throw new Error(
    `The Redis tests need a real redis-server on ${redisUrl}, and \`bash scripts/redis.sh start\` could not provide one:\n${output}\n` +
      'Install redis-server (apt-get install -y redis-server) or point TOOLLOOP_REDIS_URL at a running server.',
  );
}

/** Runs scripts/redis.sh (install or start), its stderr on the terminal: an install is announced before it happens. */
function redisScript(command: 'install' | 'start'): Promise<string> {
  return new Promise<string>((done) => {
    const child = spawn('bash', [resolve(repoRoot, 'scripts/redis.sh'), command], {
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 240_000,
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.on('error', (error) => done(`${stdout}\n${error.message}`));
    child.on('close', (code) =>
      done(code === 0 ? stdout : `${stdout}\nscripts/redis.sh ${command} exited with ${code}`),
    );
  });
}

/** A redis-server of a test's own (to freeze or kill), on a free port. */
export interface PrivateRedis {
  url: string;
  process: ChildProcess;
  stop(): void;
}

/**
 * Starts a private redis-server for a test that must freeze or kill it. Installs the binary first
 * through the one helper (scripts/redis.sh, serialised and announced) — whatever server answers
 * elsewhere — so a test never races an install another test triggered.
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  await redisScript('install');
  const port = await new Promise<number>((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
  const url = `redis://127.0.0.1:${port}`;
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const spawnFailed = new Promise<never>((_, fail) => child.once('error', fail));
  for (let attempt = 0; !(await Promise.race([answers(url), spawnFailed])); attempt++) {
    if (attempt > 100) {
      child.kill('SIGKILL');
      throw new Error(`A private redis-server on ${url} did not answer PING within 5 s.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url, process: child, stop: () => void child.kill('SIGKILL') };
}

/** The parts a cache replays for `live`: the same parts, the finish part marked `source: 'cache'`. */
export function fromCache(live: readonly StreamPart[]): StreamPart[] {
  return live.map((part) => (part.type === 'finish' ? { ...part, source: 'cache' } : part));
}
