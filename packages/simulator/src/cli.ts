#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startSimulator } from './server/start-simulator.js';

const USAGE = `Usage: toolloop-simulator [--port <port>] [--host <host>] [--api-key <key>] [--model <name>] [--chunk-chars <n>] [--delay-ms <n>]

An OpenAI-compatible Chat Completions server on loopback, answered by a deterministic rule-based
policy unless turns are scripted through the control API (POST /_simulator/script).
--no-record stops keeping every request for GET /_simulator/requests (for benchmarks and long runs).
--event-per-write sends each SSE event in its own write, as a hosted API does (default: one write).`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      'api-key': { type: 'string' },
      model: { type: 'string' },
      'chunk-chars': { type: 'string' },
      'delay-ms': { type: 'string' },
      'no-record': { type: 'boolean', default: false },
      'event-per-write': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be an integer from 0 to 65535, got "${values.port}".`);
  }
  const simulator = await startSimulator({
    host: values.host,
    port,
    ...(values['api-key'] !== undefined ? { apiKey: values['api-key'] } : {}),
    ...(values.model !== undefined ? { model: values.model } : {}),
    record: !values['no-record'],
    stream: {
      ...(values['chunk-chars'] !== undefined ? { chunkChars: Number(values['chunk-chars']) } : {}),
      ...(values['delay-ms'] !== undefined ? { delayMs: Number(values['delay-ms']) } : {}),
      ...(values['event-per-write'] ? { eventPerWrite: true } : {}),
    },
  });
  process.stdout.write(`toolloop simulator listening on ${simulator.url}\n`);
  const stop = (): void => {
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`toolloop-simulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
