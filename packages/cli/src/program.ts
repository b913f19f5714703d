import { InvalidOptionError } from '@toolloop/core';
import { runSimulatorCommand } from '@toolloop/simulator';
import { Command } from 'commander';
import { ask } from './commands/ask.js';
import { cliVersion } from './commands/cli-version.js';
import { findRepoRoot } from './commands/find-repo-root.js';
import { listExamples, runExample } from './commands/run-example.js';

/** The `toolloop` command line: `ask`, `simulate`, and in a checkout `run <example>` and `examples`. */
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

  return program;
}
