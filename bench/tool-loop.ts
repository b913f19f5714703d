// The 2-step tool loop (weather question → get_weather → answer), every client on the same
// simulator process in the same run, each in its own child process.
import type { ClientName } from './clients/index.js';
import { type PeerResult, runPeers } from './peers/run-peers.js';

/** The clients of the tool-loop benchmarks, raw first. */
export const toolLoopClients: ClientName[] = ['raw', 'toolloop', 'openai-create', 'openai-helper', 'ai-sdk'];

/** Runs `runsPerRound` tool loops per round at `concurrency`, alternating clients round by round. */
export function benchToolLoop(options: {
  concurrency: number;
  runsPerRound: number;
  rounds: number;
  clients?: ClientName[];
}): Promise<PeerResult> {
  return runPeers({
    key: `tool-loop-${options.concurrency}`,
    unit: 'run',
    unitsPerRound: options.runsPerRound,
    name:
      options.concurrency === 1
        ? '2-step tool loop, sequential'
        : `${options.runsPerRound.toLocaleString('en')} tool loops at concurrency ${options.concurrency}`,
    workload: 'tool-loop',
    clients: options.clients ?? toolLoopClients,
    runsPerRound: options.runsPerRound,
    concurrency: options.concurrency,
    rounds: options.rounds,
  });
}
