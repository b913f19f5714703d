// One streamed answer of many one-character deltas, every client on the same simulator process,
// in two server shapes: the whole stream in one write (a fast local server, a buffering proxy:
// many events per network read) and one write per event (as hosted APIs send tokens).
import { type ClientName, clientNames } from './clients/index.js';
import { type PeerResult, runPeers } from './peers/run-peers.js';

/** The clients of the streaming benchmarks, raw first (the middleware variant is for the profile). */
export const streamingClients: ClientName[] = clientNames.filter((name) => name !== 'toolloop-middleware');

/**
 * How the simulator writes a stream: the whole stream in one write; one write per event as fast
 * as the event loop turns (the client may still read several at once); one event per millisecond
 * (a timer per event: every read carries one event, as from a hosted API — judge by CPU, not wall).
 */
export type StreamShape = 'batched' | 'per-event' | 'paced';

/** Each shape's label, a short label for table columns, and the simulator flags that make it. */
export const streamShapes: Record<StreamShape, { label: string; short: string; args: string[] }> = {
  batched: { label: 'many events per network write', short: 'many events/write', args: [] },
  'per-event': {
    label: 'one event per network write',
    short: 'one event/write',
    args: ['--event-per-write'],
  },
  paced: { label: 'one event per write, 1 ms apart', short: '1 ms apart', args: ['--delay-ms', '1'] },
};

/** Reads one stream of `deltas` deltas per round, alternating clients round by round. */
export function benchStreaming(options: {
  deltas: number;
  rounds: number;
  shape: StreamShape;
  clients?: ClientName[];
}): Promise<PeerResult> {
  return runPeers({
    key: `stream-${options.shape}`,
    unit: 'delta',
    unitsPerRound: options.deltas,
    name: `stream of ${options.deltas.toLocaleString('en')} deltas, ${streamShapes[options.shape].label}`,
    workload: 'stream',
    clients: options.clients ?? streamingClients,
    simulatorArgs: ['--chunk-chars', '1', ...streamShapes[options.shape].args],
    runsPerRound: 1,
    concurrency: 1,
    rounds: options.rounds,
    scriptedText: 'abcdefghij'.repeat(Math.ceil(options.deltas / 10)).slice(0, options.deltas),
  });
}
