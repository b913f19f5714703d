import { InvalidOptionError } from '@toolloop/core';
import { runSimulatorCommand } from '@toolloop/simulator';
import { Command } from 'commander';
import { findRepoRoot } from './commands/find-repo-root.js';
import { listExamples, runExample } from './commands/run-example.js';

/** The `toolloop` command line: `run <example> [prompt…]`, `examples`, `simulate`. */
export function createProgram(): Command {
  const program = new Command('toolloop')
    .description('toolloop: typed function-calling agents for OpenAI-compatible APIs')
    .version('0.1.0')
    .showHelpAfterError();

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
