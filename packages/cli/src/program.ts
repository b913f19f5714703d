import { startSimulator } from '@toolloop/simulator';
import { Command, InvalidArgumentError } from 'commander';
import { batchCommand } from './commands/batch-command.js';
import { findRepoRoot } from './commands/find-repo-root.js';
import { listExamples, runExample } from './commands/run-example.js';

function port(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
    throw new InvalidArgumentError('a port is a whole number from 0 to 65535 (0 picks a free one).');
  }
  return parsed;
}

/** The `toolloop` command line: `run <example> [prompt…]`, `examples`, `simulate`, `batch`. */
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
      if (!root) throw new Error('toolloop examples: run it inside a clone of the toolloop repository.');
      for (const name of listExamples(root)) console.log(name);
    });

  program
    .command('simulate')
    .description('start the OpenAI-compatible simulator on loopback until Ctrl-C')
    .option('-p, --port <port>', 'port to listen on (0 = any free port)', port, 0)
    .option('--host <host>', 'address to bind (anything but loopback needs --allow-remote)', '127.0.0.1')
    .option('--allow-remote', 'serve a non-loopback --host: anyone who reaches it can script the answers')
    .action(async (options: { port: number; host: string; allowRemote?: boolean }) => {
      const simulator = await startSimulator({
        port: options.port,
        host: options.host,
        allowRemote: options.allowRemote === true,
      });
      if (options.allowRemote) {
        console.error(
          `warning: the simulator is reachable from the network on ${options.host}; anyone who can reach it can script the answers your agent acts on.`,
        );
      }
      const stop = () => void simulator.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      console.log(`toolloop simulator listening on ${simulator.url}`);
    });

  program.addCommand(batchCommand());

  return program;
}
