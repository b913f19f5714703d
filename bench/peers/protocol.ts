import type { ClientName } from '../clients/index.js';

/** The workloads a peer child runs. */
export type Workload = 'tool-loop' | 'stream';

/** Parent → child: run one measured round. */
export interface RoundRequest {
  id: number;
  workload: Workload;
  runs: number;
  concurrency: number;
  /** The text every run must produce (streams); tool loops check every run gives the same text. */
  expected?: string;
  /** Write a V8 CPU profile of this round (and only this round) to this path. */
  profile?: string;
}

/** Child → parent: what one round cost, measured inside the child. */
export interface RoundReport {
  id: number;
  client: ClientName;
  wallMs: number;
  /** The child's own user + system CPU during the round, µs. */
  cpuMicros: number;
  /** The child's peak resident set so far, bytes (process.resourceUsage().maxRSS). */
  maxRssBytes: number;
  /** The text of the round's first run (for cross-client comparison). */
  sample: string;
  /** Network reads per stream, where the client sees them (raw). */
  reads?: number;
}

/** Child → parent when a round failed. */
export interface RoundFailure {
  id: number;
  error: string;
}
