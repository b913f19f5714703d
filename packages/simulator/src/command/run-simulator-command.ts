import { parseArgs } from 'node:util';
import { InvalidOptionError } from '@toolloop/core';
import { startSimulator } from '../server/start-simulator.js';
import type { Simulator } from '../types.js';

/** Options of runSimulatorCommand. */
export interface SimulatorCommandOptions {
  /** How the command is invoked, for the usage text (`toolloop-simulator`, `toolloop simulate`). */
  name?: string;
  /** Where the listening line and the usage go. Default: process.stdout. */
  stdout?: { write(text: string): unknown };
  /** Where warnings go. Default: process.stderr. */
  stderr?: { write(text: string): unknown };
  /** Stop on SIGINT/SIGTERM and exit the process (a command line does; a test does not). Default true. */
  handleSignals?: boolean;
}

const usage = (
  name: string,
): string => `Usage: ${name} [--port <port>] [--host <host> [--allow-remote]] [--api-key <key>] [--model <name>] [--chunk-chars <n>] [--delay-ms <n>] [--event-per-write] [--no-record] [--batch-clock real|manual]

An OpenAI-compatible Chat Completions server on loopback, answered by a deterministic rule-based
policy unless turns are scripted through the control API (POST /_simulator/script).
--port 0 (the default) picks a free port.
--host other than loopback needs --allow-remote: anyone who reaches the port can script the answers.
--no-record stops keeping every request for GET /_simulator/requests (for benchmarks and long runs).
--event-per-write sends each SSE event in its own write, as a hosted API does (default: one write).
--batch-clock manual freezes Batch API time; drive it with POST /_simulator/batches/{advance,step,settle}.`;

function wholeNumber(
  option: string,
  value: string | undefined,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || !Number.isInteger(number) || number < 0 || number > max) {
    throw new InvalidOptionError({
      option,
      message: `--${option} must be a whole number from 0 to ${max}${option === 'port' ? ' (0 picks a free port)' : ''}, got "${value}".`,
    });
  }
  return number;
}

/**
 * The simulator's command line, shared by the `toolloop-simulator` binary and `toolloop simulate`:
 * parses `argv`, starts the server, prints `toolloop simulator listening on <url>`. Resolves with
 * the running simulator, or undefined after `--help`.
 * @example await runSimulatorCommand(['--port', '8080']);
 */
export async function runSimulatorCommand(
  argv: readonly string[],
  options: SimulatorCommandOptions = {},
): Promise<Simulator | undefined> {
  const { name = 'toolloop-simulator', stdout = process.stdout, stderr = process.stderr } = options;
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string', short: 'p', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      'api-key': { type: 'string' },
      model: { type: 'string' },
      'chunk-chars': { type: 'string' },
      'delay-ms': { type: 'string' },
      'no-record': { type: 'boolean', default: false },
      'batch-clock': { type: 'string', default: 'real' },
      'event-per-write': { type: 'boolean', default: false },
      'allow-remote': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    stdout.write(`${usage(name)}\n`);
    return undefined;
  }
  const port = wholeNumber('port', values.port, 65535) ?? 0;
  const chunkChars = wholeNumber('chunk-chars', values['chunk-chars']);
  const delayMs = wholeNumber('delay-ms', values['delay-ms']);
  const batchClock = values['batch-clock'];
  if (batchClock !== 'real' && batchClock !== 'manual') {
    throw new InvalidOptionError({
      option: 'batch-clock',
      message: `--batch-clock must be "real" or "manual", got "${batchClock}".`,
    });
  }
  const simulator = await startSimulator({
    batches: { clock: batchClock },
    host: values.host,
    port,
    allowRemote: values['allow-remote'],
    ...(values['api-key'] !== undefined ? { apiKey: values['api-key'] } : {}),
    ...(values.model !== undefined ? { model: values.model } : {}),
    record: !values['no-record'],
    stream: {
      ...(chunkChars !== undefined ? { chunkChars } : {}),
      ...(delayMs !== undefined ? { delayMs } : {}),
      ...(values['event-per-write'] ? { eventPerWrite: true } : {}),
    },
  });
  if (values['allow-remote']) {
    stderr.write(
      `warning: the simulator is reachable from the network on ${values.host}; anyone who can reach it can script the answers your agent acts on.\n`,
    );
  }
  // Handlers first: whoever reads the listening line may stop us at once.
  if (options.handleSignals !== false) {
    const stop = (): void => {
      simulator.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
  stdout.write(`toolloop simulator listening on ${simulator.url}\n`);
  return simulator;
}
