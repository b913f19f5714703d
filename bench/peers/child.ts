// One benchmark client in its own process: `node --import tsx peers/child.ts <client> <baseURL>`.
// Waits for round requests over IPC and reports wall time, its own CPU and peak RSS for each.
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { type ClientName, clientNames, createClient } from '../clients/index.js';
import { pool } from '../simulator-process.js';
import { probeJsonParse } from './json-parse-probe.js';
import type { RoundFailure, RoundReport, RoundRequest } from './protocol.js';

const { positionals } = parseArgs({ allowPositionals: true });
const [name, baseURL] = positionals as [ClientName, string];
if (!clientNames.includes(name) || !baseURL) {
  throw new Error(`usage: child.ts <${clientNames.join('|')}> <simulator URL>, got ${positionals.join(' ')}`);
}
const client = await createClient(name, { baseURL });
const send = (message: unknown) => process.send!(message);

async function round(request: RoundRequest): Promise<RoundReport> {
  const run = request.workload === 'tool-loop' ? client.toolLoop : client.stream;
  if (!run) throw new Error(`${name} has no ${request.workload} workload`);
  let sample: string | undefined;
  const session = request.profile === undefined ? undefined : await startProfile();
  const unprobe = session ? probeJsonParse() : undefined;
  const before = process.cpuUsage();
  const started = performance.now();
  try {
    await pool(request.runs, request.concurrency, async () => {
      const text = await run();
      sample ??= text;
      // Same answers, or the comparison means nothing.
      const expected = request.expected ?? sample;
      if (text !== expected) {
        throw new Error(
          `${name}: ${request.workload} answered ${text.length} chars, expected ${expected.length}`,
        );
      }
    });
  } finally {
    unprobe?.();
  }
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(before);
  if (session) {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    await writeFile(request.profile!, JSON.stringify(profile));
  }
  const reads = request.workload === 'stream' ? client.lastStreamReads?.() : undefined;
  return {
    id: request.id,
    client: name,
    wallMs,
    cpuMicros: cpu.user + cpu.system,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    sample: sample ?? '',
    ...(reads === undefined ? {} : { reads }),
  };
}

async function startProfile(): Promise<Session> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 50 });
  await session.post('Profiler.start');
  return session;
}

process.on('message', (message: RoundRequest | { exit: true }) => {
  if ('exit' in message) {
    void Promise.resolve(client.close?.()).finally(() => process.exit(0));
    return;
  }
  round(message).then(send, (error: unknown) => {
    const failure: RoundFailure = {
      id: message.id,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
    send(failure);
  });
});
send({ ready: true });
