#!/usr/bin/env node
import { runSimulatorCommand } from './command/run-simulator-command.js';

runSimulatorCommand(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`toolloop-simulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
