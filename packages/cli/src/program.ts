import { InvalidOptionError } from '@toolloop/core';
import { startDashboard } from '@toolloop/dashboard';
import { runSimulatorCommand } from '@toolloop/simulator';
import { Command, InvalidArgumentError } from 'commander';
import { ask } from './commands/ask.js';
import { cliVersion } from './commands/cli-version.js';
import { findRepoRoot } from './commands/find-repo-root.js';
import { listExamples, runExample } from './commands/run-example.js';
import { runWorker } from './commands/worker.js';

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('a whole number ≥ 1.');
  return parsed;
}

function port(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
    throw new InvalidArgumentError('a port is a whole number from 0 to 65535 (0 picks a free one).');
  }
  return parsed;
}

/** The `toolloop` command line: `ask`, `simulate`, `dashboard`, `worker`, and in a checkout `run <example>` and `examples`. */
export function createProgram(): Command {
  const program = new Command('toolloop')
    .description('toolloop: typed function-calling agents for OpenAI-compatible APIs')
    .version(cliVersion(), '-v, --version', 'print the toolloop version')
    .showHelpAfterError()
    .action(() => {
      // No command: the help, and success.
      program.outputHelp();
    });

  program
    .command('ask')
    .description(
      'ask the weather agent, e.g. `toolloop ask "서울 날씨 어때?"` (offline unless OPENAI_API_KEY/OPENAI_BASE_URL)',
    )
    .argument('<question...>', 'the question')
    .option('-m, --model <id>', 'model id (default: OPENAI_MODEL, else gpt-4o-mini)')
    .option(
      '--base-url <url>',
      'an OpenAI-compatible API root (default: OPENAI_BASE_URL, else the built-in simulator)',
    )
    .option('--json', 'print one JSON object with the answer, tool calls, usage and cost')
    .action(async (words: string[], flags: { model?: string; baseUrl?: string; json?: boolean }) => {
      const controller = new AbortController();
      process.once('SIGINT', () => controller.abort());
      await ask({
        question: words.join(' '),
        model: flags.model,
        baseURL: flags.baseUrl,
        json: flags.json,
        signal: controller.signal,
      });
    });

  program
    .command('run')
    .description('run an example of this checkout, e.g. `toolloop run weather-agent "부산 날씨 어때?"`')
    .argument('<example>', 'example name (see `toolloop examples`)')
    .argument('[args...]', 'arguments for the example, such as a prompt')
    .action(async (name: string, args: string[]) => {
      process.exitCode = await runExample({ name, args, cwd: process.cwd() });
    });

  program
    .command('examples')
    .description('list the runnable examples')
    .action(() => {
      const root = findRepoRoot(process.cwd());
      if (!root) {
        throw new InvalidOptionError({
          option: 'cwd',
          message: 'toolloop examples: run it inside a clone of the toolloop repository.',
        });
      }
      for (const name of listExamples(root)) console.log(name);
    });

  program
    .command('simulate')
    .description(
      'start the OpenAI-compatible simulator on loopback until Ctrl-C (see `toolloop simulate --help`)',
    )
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument('[flags...]', 'the simulator flags: --port, --host, --allow-remote, --model, …')
    .action(async (flags: string[]) => {
      await runSimulatorCommand(flags, { name: 'toolloop simulate' });
    });

  program
    .command('dashboard')
    .description('serve a read-only page over a usage store: usage, cost, request log, tools (Ctrl-C stops)')
    .option('--db <file>', 'the SQLite file sqliteUsageStore({ path }) writes', '.toolloop/usage.db')
    .option('-p, --port <port>', 'port to listen on (0 = any free port)', port, 4319)
    .option('--migrate', 'upgrade a store of an older schema in place first')
    .option('--once', 'exit as soon as the page is ready (checks a store, for scripts and CI)')
    .action(async (options: { db: string; port: number; migrate?: boolean; once?: boolean }) => {
      const dashboard = await startDashboard({
        db: options.db,
        port: options.port,
        migrate: options.migrate,
      });
      console.log(`toolloop dashboard on ${dashboard.url} (${options.db})`);
      if (options.once) {
        await dashboard.close();
        return;
      }
      const stop = () => void dashboard.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });

  program
    .command('worker')
    .description(
      'serve a Redis queue of agent jobs, e.g. `toolloop worker --queue redis://127.0.0.1:6390 --agent ./agent.js`',
    )
    .requiredOption('--queue <url>', 'Redis URL of the queue')
    .requiredOption(
      '--agent <module>',
      'a module exporting `agent`: the agent options, or a function returning them',
    )
    .option('--name <name>', 'queue name', 'toolloop')
    .option('--concurrency <n>', 'jobs this process runs at once', positiveInteger, 4)
    .action(async (options: { queue: string; agent: string; name: string; concurrency: number }) => {
      await runWorker({ ...options, cwd: process.cwd() });
    });

  return program;
}
